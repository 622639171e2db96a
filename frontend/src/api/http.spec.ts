import { beforeEach, describe, expect, it } from 'vitest'
import { event, fakeFetch, json, sse } from '@/test/fakeFetch'
import { ApiError, buildUrl, captureToken, download, request, stream, type StreamMessage } from './http'

beforeEach(() => sessionStorage.clear())

describe('buildUrl', () => {
  it('leaves out empty, null and undefined parameters', () => {
    expect(buildUrl('/api/memories', { project: 'p', q: '', type: undefined, tag: null, limit: 50 })).toBe(
      '/api/memories?project=p&limit=50',
    )
  })

  it('encodes values', () => {
    expect(buildUrl('/x', { q: 'a&b c' })).toBe('/x?q=a%26b+c')
  })
})

describe('captureToken', () => {
  it('keeps the token for the tab and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=s3cret&project=demo')
    captureToken()
    expect(sessionStorage.getItem('cortex.token')).toBe('s3cret')
    expect(window.location.search).toBe('?project=demo')
  })
})

describe('request', () => {
  it('sends the bearer token once one was captured', async () => {
    sessionStorage.setItem('cortex.token', 'abc')
    const { calls } = fakeFetch({ 'GET /health': json({ status: 'ok' }) })
    await request('GET', '/health')
    expect(calls[0]?.headers.Authorization).toBe('Bearer abc')
  })

  it('sends no Authorization header without a token', async () => {
    const { calls } = fakeFetch({ 'GET /health': json({ status: 'ok' }) })
    await request('GET', '/health')
    expect(calls[0]?.headers.Authorization).toBeUndefined()
  })

  it('posts JSON bodies', async () => {
    const { calls } = fakeFetch({ 'POST /api/chat': json({ answer: 'hi' }) })
    await request('POST', '/api/chat', { body: { question: 'why?' } })
    expect(calls[0]?.headers['Content-Type']).toBe('application/json')
    expect(calls[0]?.body).toEqual({ question: 'why?' })
  })

  it('turns the contract error body into an ApiError with its sentence and code', async () => {
    const body = { success: false, error: 'No API key is set.', error_code: 'no_api_key' }
    fakeFetch({ 'POST /api/image/generate': json(body, 400) })
    const err = await request('POST', '/api/image/generate', { body: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ message: 'No API key is set.', code: 'no_api_key', status: 400 })
  })

  it('explains an error response without a JSON body by its status', async () => {
    fakeFetch({ 'GET /api/projects': new Response('boom', { status: 502 }) })
    const err = await request('GET', '/api/projects').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'http_error', status: 502 })
    expect((err as ApiError).message).toMatch(/Try again/)
  })

  it('treats a 200 answer with success false as a failure', async () => {
    fakeFetch({ 'POST /api/x': json({ success: false, error: 'Withheld.', error_code: 'image_withheld' }) })
    await expect(request('POST', '/api/x', { body: {} })).rejects.toMatchObject({ code: 'image_withheld' })
  })

  it('says the server cannot be reached when fetch itself fails', async () => {
    const { fetch } = fakeFetch({})
    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(request('GET', '/health')).rejects.toMatchObject({ code: 'network' })
  })

  it('reports an aborted request as cancelled', async () => {
    fakeFetch({ 'GET /health': json({}) })
    const controller = new AbortController()
    controller.abort()
    await expect(request('GET', '/health', { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
  })
})

describe('download', () => {
  it('names the file as the server says', async () => {
    const headers = { 'Content-Disposition': 'attachment; filename="cortex-abc.jpg"' }
    fakeFetch({ 'GET /api/image/images/abc': new Response(new Blob(['x']), { headers }) })
    const file = await download('/api/image/images/abc', 'fallback.jpg', { query: { format: 'jpeg' } })
    expect(file.filename).toBe('cortex-abc.jpg')
  })

  it('falls back to the given name', async () => {
    fakeFetch({ 'POST /api/chat/export': new Response('# Chat') })
    const file = await download('/api/chat/export', 'chat.md', { body: { messages: [] } })
    expect(file.filename).toBe('chat.md')
    expect(await file.blob.text()).toBe('# Chat')
  })
})

describe('stream', () => {
  it('hands over each event, even when chunks split them', async () => {
    const text = event('chunk', { text: 'Hel' }) + event('chunk', { text: 'lo' }) + event('done', {})
    fakeFetch({ 'POST /s': sse([text.slice(0, 10), text.slice(10, 41), text.slice(41)]) })
    const seen: StreamMessage[] = []
    await stream('/s', { body: {} }, (m) => seen.push(m))
    expect(seen.map((m) => m.event)).toEqual(['chunk', 'chunk', 'done'])
    expect(seen[1]?.data).toEqual({ text: 'lo' })
  })

  it('ends with an ApiError on an error event', async () => {
    const text = event('thought', { text: 'hmm' }) + event('error', { error: 'Blocked.', error_code: 'blocked_prompt' })
    fakeFetch({ 'POST /s': sse([text]) })
    const seen: string[] = []
    const err = await stream('/s', { body: {} }, (m) => seen.push(m.event)).catch((e: unknown) => e)
    expect(err).toMatchObject({ message: 'Blocked.', code: 'blocked_prompt' })
    expect(seen).toEqual(['thought'])
  })

  it('asks for an event stream', async () => {
    const { calls } = fakeFetch({ 'POST /s': sse([event('done', {})]) })
    await stream('/s', { body: {} }, () => undefined)
    expect(calls[0]?.headers.Accept).toBe('text/event-stream')
  })
})
