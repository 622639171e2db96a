import { describe, expect, it } from 'vitest'
import { event, fakeFetch, sse } from '@/test/fakeFetch'
import { useChat } from './useChat'

const SOURCES = [{ n: 1, id: 'm1', type: 'decision', title: 'Use SQLite', snippet: '' }]

function answer(...chunks: string[]) {
  return () =>
    sse([
      event('sources', { sources: SOURCES }),
      ...chunks.map((text) => event('chunk', { text })),
      event('done', { answer: chunks.join(''), model: null, offline: true }),
    ])
}

describe('useChat', () => {
  it('builds the answer from streamed chunks, with its sources', async () => {
    fakeFetch({ 'POST /api/chat/stream': answer('We chose ', 'SQLite [[Memory 1]].') })
    const chat = useChat()
    await chat.ask('demo', 'What database?', ['m1'])
    expect(chat.messages.value[1]).toMatchObject({ content: 'We chose SQLite [[Memory 1]].', sources: SOURCES, streaming: false })
  })

  it('sends the earlier messages with a follow-up question', async () => {
    const { calls } = fakeFetch({ 'POST /api/chat/stream': answer('Yes.') })
    const chat = useChat()
    await chat.ask('demo', 'First?', [])
    await chat.ask('demo', 'And then?', [])
    expect(calls[1]?.body).toEqual({
      question: 'And then?', memory_ids: [],
      messages: [{ role: 'user', content: 'First?' }, { role: 'assistant', content: 'Yes.' }],
    })
  })

  it('drops an empty answer and keeps the error when the stream fails', async () => {
    fakeFetch({
      'POST /api/chat/stream': () => sse([event('error', { error: 'Rate limited.', error_code: 'upstream_rate_limited' })]),
    })
    const chat = useChat()
    await chat.ask('demo', 'Hello?', [])
    expect(chat.messages.value.map((m) => m.role)).toEqual(['user'])
    expect(chat.error.value?.code).toBe('upstream_rate_limited')
  })

  it('gathers every cited source once for saving', async () => {
    fakeFetch({ 'POST /api/chat/stream': answer('A [[Memory 1]]') })
    const chat = useChat()
    await chat.ask('demo', 'one', [])
    await chat.ask('demo', 'two', [])
    expect(chat.sources.value).toEqual(SOURCES)
  })
})
