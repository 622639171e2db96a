import { describe, expect, it } from 'vitest'
import { event, fakeFetch, json, sse } from '@/test/fakeFetch'
import { generated } from '@/test/fixtures'
import {
  downloadImage,
  generateImage,
  getMemory,
  imageUrl,
  listMemories,
  makeSeries,
  saveImageAsMemory,
  streamImage,
  uploadReference,
  type GenerateRequest,
  type ImageStreamEvent,
} from './index'

const BODY: GenerateRequest = {
  prompt: 'An infographic', memory_ids: ['m1'], aspect_ratio: '16:9', image_size: '2K',
  use_search_grounding: false, preset: 'infographic', n: 2,
}

describe('memories', () => {
  it('lists with the project and only the filters that are set', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': json({ items: [], total: 0, limit: 100, offset: 0 }) })
    await listMemories('demo', { q: 'cache', type: '', sort: 'relevance', limit: 100, offset: 200 })
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({
      project: 'demo', q: 'cache', sort: 'relevance', limit: '100', offset: '200',
    })
  })

  it('escapes ids in paths', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories/a%2Fb': json({ id: 'a/b' }) })
    await getMemory('demo', 'a/b')
    expect(calls[0]?.url.pathname).toBe('/api/memories/a%2Fb')
  })
})

describe('images', () => {
  it('never asks for base64 image data', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/generate': json(generated()) })
    await generateImage('demo', BODY)
    expect(calls[0]?.body).toMatchObject({ include_image_data: false, n: 2 })
    expect(calls[0]?.url.searchParams.get('project')).toBe('demo')
  })

  it('streams with the n asked for, never asking for base64', async () => {
    const text = event('start', { conversation_id: 'c1' }) + event('image', generated()) + event('done', {})
    const { calls } = fakeFetch({ 'POST /api/image/generate/stream': sse([text]) })
    const seen: ImageStreamEvent['event'][] = []
    await streamImage('demo', BODY, (e) => seen.push(e.event))
    expect(calls[0]?.body).toMatchObject({ n: 2, include_image_data: false })
    expect(seen).toEqual(['start', 'image', 'done'])
  })

  it('builds image addresses with only the options given', () => {
    expect(imageUrl('abc')).toBe('/api/image/images/abc')
    expect(imageUrl('abc', { width: 640, format: 'webp' })).toBe('/api/image/images/abc?format=webp&width=640')
  })

  it('downloads PNG without a quality and JPEG with one', async () => {
    const { calls } = fakeFetch({ 'GET /api/image/images/i1': new Response('x') })
    await downloadImage('i1', 'png', 80)
    await downloadImage('i1', 'jpeg', 80)
    expect(calls[0]?.url.search).toBe('?format=png&download=1')
    expect(calls[1]?.url.search).toBe('?format=jpeg&quality=80&download=1')
  })

  it('saves an image as a memory of the project', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/images/i1/save-as-memory': json({ success: true, memory_id: 'm9' }) })
    const saved = await saveImageAsMemory('demo', 'i1')
    expect(saved.memory_id).toBe('m9')
    expect(calls[0]?.body).toEqual({ tags: [] })
  })
})

describe('images as input', () => {
  it('uploads a reference as multipart, with its words, and no JSON type', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/references': json({ id: 'r1' }) })
    await uploadReference(new File(['x'], 'logo.png', { type: 'image/png' }), 'logo.png', ' our logo ')
    const form = calls[0]?.body as FormData
    expect([form.get('label'), (form.get('file') as File).name]).toEqual(['our logo', 'logo.png'])
    expect(calls[0]?.headers['Content-Type']).toBeUndefined()
  })

  it('asks for a series without base64 image data', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/series': json({ batch_id: 'b1', groups: [], pictures: [], errors: [], archive_url: '' }) })
    await makeSeries('demo', { prompt: '', memory_ids: ['m1', 'm2'], group_by: 'tag', count: 2, preset: 'infographic' })
    expect(calls[0]?.url.searchParams.get('project')).toBe('demo')
    expect(calls[0]?.body).toMatchObject({ group_by: 'tag', include_image_data: false })
  })
})
