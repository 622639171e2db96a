import { describe, expect, it } from 'vitest'
import type { GenerateRequest } from '@/api'
import { event, fakeFetch, flush, json, liveSse, sse } from '@/test/fakeFetch'
import { conversation, conversationTurn, generated } from '@/test/fixtures'
import { useImageConversation } from './useImageConversation'

const REQUEST: GenerateRequest = {
  prompt: 'Timeline of decisions', memory_ids: ['m1', 'm2'], aspect_ratio: '21:9', image_size: '1K',
  use_search_grounding: false, preset: 'timeline', n: 1,
}

function streamOf(...events: string[]) {
  return sse([events.join('')])
}

describe('useImageConversation', () => {
  it('adds a turn from the stream and keeps its conversation for the next one', async () => {
    const { calls } = fakeFetch({
      'POST /api/image/generate/stream': () =>
        streamOf(event('start', { conversation_id: 'c1' }), event('image', generated({ conversation_id: 'c1' })), event('done', {})),
    })
    const conv = useImageConversation()
    expect(await conv.generate('demo', REQUEST)).toBe(true)
    await conv.generate('demo', { ...REQUEST, prompt: 'Bigger title' })
    expect(conv.turns.value).toHaveLength(2)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts[1]?.body).toMatchObject({ conversation_id: 'c1', prompt: 'Bigger title' })
  })

  it('shows thoughts and draft images while the model works', async () => {
    const live = liveSse()
    fakeFetch({ 'POST /api/image/generate/stream': live.response })
    const conv = useImageConversation()
    const done = conv.generate('demo', REQUEST)
    live.push(event('start', { conversation_id: 'c1' }) + event('thought', { text: 'Planning the layout' }))
    live.push(event('thought_image', { image_data: 'AAAA', mime_type: 'image/png' }))
    await flush()
    expect(conv.pending.value).toMatchObject({ conversationId: 'c1', thoughts: 'Planning the layout' })
    expect(conv.pending.value?.interim).toEqual(['data:image/png;base64,AAAA'])
    live.push(event('image', generated()))
    live.close()
    await done
    expect(conv.pending.value).toBeNull()
  })

  it('turns a stream without an image into an error', async () => {
    fakeFetch({ 'POST /api/image/generate/stream': () => streamOf(event('done', {})) })
    const conv = useImageConversation()
    expect(await conv.generate('demo', REQUEST)).toBe(false)
    expect(conv.error.value?.code).toBe('no_image_returned')
  })

  it('keeps the server’s sentence and code when the prompt is blocked', async () => {
    fakeFetch({
      'POST /api/image/generate/stream': () =>
        streamOf(event('error', { error: 'The prompt was blocked.', error_code: 'blocked_prompt' })),
    })
    const conv = useImageConversation()
    await conv.generate('demo', REQUEST)
    expect(conv.error.value).toMatchObject({ message: 'The prompt was blocked.', code: 'blocked_prompt' })
    expect(conv.turns.value).toHaveLength(0)
  })

  it('asks for variations in one request when the server will not stream them, and lets any be picked', async () => {
    const a = generated({ image_id: 'a', conversation_id: 'ca' })
    const b = generated({ image_id: 'b', conversation_id: 'cb' })
    const refusal = { success: false, error: 'Streaming makes one image at a time.', error_code: 'validation_error', detail: [{ loc: ['n'] }] }
    const { calls } = fakeFetch({
      'POST /api/image/generate/stream': json(refusal, 422),
      'POST /api/image/generate': json({ ...a, variations: [a, b] }),
    })
    const conv = useImageConversation()
    await conv.generate('demo', { ...REQUEST, n: 2 })
    expect(calls[1]?.body).toMatchObject({ n: 2, include_image_data: false })
    expect(conv.turns.value[0]?.variations.map((v) => v.id)).toEqual(['a', 'b'])
    conv.pick(conv.turns.value[0]!.variations[1]!)
    expect([conv.current.value?.id, conv.conversationId.value]).toEqual(['b', 'cb'])
  })

  it('gathers streamed variations into one turn', async () => {
    const a = generated({ image_id: 'a', conversation_id: 'ca', cost_usd: 0.1 })
    const b = generated({ image_id: 'b', conversation_id: 'cb', cost_usd: 0.1 })
    fakeFetch({ 'POST /api/image/generate/stream': () => streamOf(event('start', { conversation_id: 'ca' }), event('image', a), event('image', b), event('done', {})) })
    const conv = useImageConversation()
    await conv.generate('demo', { ...REQUEST, n: 2 })
    expect(conv.turns.value.map((t) => t.variations.map((v) => v.id))).toEqual([['a', 'b']])
    expect(conv.turns.value[0]?.costUsd).toBeCloseTo(0.2)
  })

  it('keeps the thoughts, the notices and every final picture of a turn', async () => {
    const picture = { image_id: 'd1', image_url: '/d1', thumbnail_url: '/t/d1', width: 10, height: 10, mime_type: 'image/png' }
    const answer = generated({
      thoughts: [{ kind: 'text', text: 'Planning' }, { kind: 'image', image: picture }],
      images: [{ ...picture, image_id: 'first' }, { ...picture, image_id: 'img1' }],
      notices: ['Older turns were left out.'],
    })
    fakeFetch({ 'POST /api/image/generate/stream': () => streamOf(event('image', answer), event('done', {})) })
    const conv = useImageConversation()
    await conv.generate('demo', REQUEST)
    const turn = conv.turns.value[0]!
    expect([turn.thoughts.map((t) => t.kind), turn.images.map((i) => i.id), turn.notices]).toEqual([
      ['text', 'image'], ['first', 'img1'], ['Older turns were left out.'],
    ])
  })

  it('reopens a past conversation at its latest image', async () => {
    fakeFetch({
      'GET /api/image/conversations/c7': json(conversation('c7', [conversationTurn(1), conversationTurn(2)], { title: 'Old' })),
    })
    const conv = useImageConversation()
    await conv.open('c7')
    expect([conv.conversationId.value, conv.current.value?.id, conv.turns.value.length]).toEqual(['c7', 'i2', 2])
  })

  it('reads the conversation again after a turn, for what the server recorded', async () => {
    const recorded = conversation('c1', [conversationTurn(1, { preset: 'update_sheet', memory_ids: ['m2', 'm1'] })], { title: 'Status' })
    fakeFetch({
      'POST /api/image/generate/stream': () => streamOf(event('image', generated({ conversation_id: 'c1' })), event('done', {})),
      'GET /api/image/conversations/c1': json(recorded),
    })
    const conv = useImageConversation()
    await conv.generate('demo', REQUEST)
    expect(conv.recorded.value?.turns[0]).toMatchObject({ preset: 'update_sheet', memory_ids: ['m2', 'm1'] })
    expect(conv.title.value).toBe('Status')
    conv.reset()
    expect(conv.recorded.value).toBeNull()
  })

  it('keeps the turn when the conversation cannot be read again', async () => {
    fakeFetch({ 'POST /api/image/generate/stream': () => streamOf(event('image', generated()), event('done', {})) })
    const conv = useImageConversation()
    expect(await conv.generate('demo', REQUEST)).toBe(true)
    expect([conv.turns.value.length, conv.recorded.value, conv.error.value]).toEqual([1, null, null])
  })

  it('cancels through the server once the conversation is known, and says nothing more will happen', async () => {
    const live = liveSse()
    const { calls } = fakeFetch({
      'POST /api/image/generate/stream': live.response,
      'POST /api/image/conversations/c9/cancel': json({ success: true, cancelled: true, stopped: 1, finishing: 0, finishing_usd: 0 }),
    })
    const conv = useImageConversation()
    const done = conv.generate('demo', REQUEST)
    live.push(event('start', { conversation_id: 'c9' }))
    await flush()
    await conv.cancel()
    live.fail(new DOMException('aborted', 'AbortError')) // what the aborted fetch does
    await done
    expect(calls.map((c) => c.url.pathname)).toContain('/api/image/conversations/c9/cancel')
    expect([conv.error.value, conv.cancelNote.value]).toEqual([null, 'Stopped 1 request. Nothing more will happen.'])
  })

  it('waits for what could not be stopped, and says what it costs', async () => {
    const live = liveSse()
    fakeFetch({
      'POST /api/image/generate/stream': live.response,
      'POST /api/image/conversations/c9/cancel': json({ success: true, cancelled: false, stopped: 0, finishing: 1, finishing_usd: 0.24 }),
    })
    const conv = useImageConversation()
    const done = conv.generate('demo', REQUEST)
    live.push(event('start', { conversation_id: 'c9' }))
    await flush()
    await conv.cancel()
    live.push(event('image', generated({ conversation_id: 'c9' })) + event('done', {}))
    live.close()
    await done
    expect(conv.cancelNote.value).toContain('could not be stopped: kept and charged (up to about $0.240)')
    expect(conv.turns.value).toHaveLength(1)
  })

  it('says a batch it cannot name cannot be stopped', async () => {
    fakeFetch({ 'POST /api/image/generate/stream': () => new Promise<Response>(() => undefined) })
    const conv = useImageConversation()
    void conv.generate('demo', { ...REQUEST, n: 4 }, 1.02)
    await flush()
    await conv.cancel()
    expect(conv.cancelNote.value).toBe(
      'The 4 requests had already been sent and cannot be stopped from here: they will finish, be charged (up to about $1.02) and appear in History.',
    )
  })

  it('turns a branch into a new conversation that keeps the turns up to its point', async () => {
    fakeFetch({
      'GET /api/image/conversations/c1': json(conversation('c1', [conversationTurn(1), conversationTurn(2), conversationTurn(3)])),
      'POST /api/image/generate/stream': () => streamOf(event('image', generated({ conversation_id: 'b1', turn: 2, image_id: 'n2' })), event('done', {})),
    })
    const conv = useImageConversation()
    await conv.open('c1')
    await conv.generate('demo', { ...REQUEST, conversation_id: 'c1', from_turn: 1 })
    expect(conv.turns.value.map((t) => [t.turn, t.inherited ?? false])).toEqual([[1, true], [2, false]])
    expect(conv.conversationId.value).toBe('b1')
  })

  it('reopens a branch under the turns it continues from, and refines the branch from any of them', async () => {
    fakeFetch({
      'GET /api/image/conversations/b1': json(conversation('b1', [conversationTurn(3)], { parent_id: 'c1', parent_turn: 2 })),
      'GET /api/image/conversations/c1': json(conversation('c1', [conversationTurn(1), conversationTurn(2), conversationTurn(3, { image_id: 'other' })], { title: 'First' })),
    })
    const conv = useImageConversation()
    await conv.open('b1')
    expect(conv.turns.value.map((t) => t.image.id)).toEqual(['i1', 'i2', 'i3'])
    expect(conv.parent.value).toEqual({ id: 'c1', title: 'First', turn: 2 })
    conv.pick(conv.turns.value[0]!.image)
    expect([conv.current.value?.id, conv.conversationId.value]).toEqual(['i1', 'b1'])
  })

  it('starts afresh with a finish, which sends no conversation of its own', async () => {
    const { calls } = fakeFetch({
      'GET /api/image/conversations/d1': json(conversation('d1', [conversationTurn(1)])),
      'POST /api/image/generate/stream': () => streamOf(event('image', generated({ conversation_id: 'f1' })), event('done', {})),
    })
    const conv = useImageConversation()
    await conv.open('d1')
    await conv.generate('demo', { ...REQUEST, conversation_id: null, finish_from: 'd1' })
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ conversation_id: null, finish_from: 'd1' })
    expect(conv.turns.value.map((t) => t.image.conversationId)).toEqual(['f1'])
  })
})
