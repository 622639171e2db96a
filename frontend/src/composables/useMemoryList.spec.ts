import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { fakeFetch, json } from '@/test/fakeFetch'
import { memory } from '@/test/fixtures'
import { useMemoryList } from './useMemoryList'

function pageOf(call: { url: URL }) {
  const offset = Number(call.url.searchParams.get('offset'))
  const limit = Number(call.url.searchParams.get('limit'))
  const items = Array.from({ length: Math.max(0, Math.min(limit, 250 - offset)) }, (_, i) => memory(`m${offset + i}`))
  return json({ items, total: 250, limit, offset })
}

const scope = effectScope()
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
afterEach(() => {
  vi.useRealTimers()
})

describe('useMemoryList', () => {
  it('reads every page shown again on refresh, as the same list', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': pageOf })
    const list = scope.run(() => useMemoryList(ref('demo')))!
    await vi.waitFor(() => expect(list.items.value).toHaveLength(200))
    list.loadMore()
    await vi.waitFor(() => expect(list.items.value).toHaveLength(250))
    const id = list.listId.value
    await list.refresh()
    expect(calls.slice(2).map((c) => c.url.searchParams.get('offset'))).toEqual(['0', '200'])
    expect([list.items.value.length, list.listId.value]).toEqual([250, id])
  })

  it('loads the first page, then the next ones on demand', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': pageOf })
    const list = scope.run(() => useMemoryList(ref('demo')))!
    await vi.waitFor(() => expect(list.items.value).toHaveLength(200))
    list.loadMore()
    await vi.waitFor(() => expect(list.items.value).toHaveLength(250))
    expect(calls[1]?.url.searchParams.get('offset')).toBe('200')
    list.loadMore()
    expect(calls).toHaveLength(2)
  })

  it('waits for typing to pause before searching, and sorts by relevance', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': pageOf })
    const list = scope.run(() => useMemoryList(ref('demo')))!
    await vi.waitFor(() => expect(calls).toHaveLength(1))
    list.search.value = 'ca'
    await nextTick()
    list.search.value = 'cache'
    await nextTick()
    vi.advanceTimersByTime(300)
    await vi.waitFor(() => expect(calls).toHaveLength(2))
    await nextTick()
    expect(calls).toHaveLength(2)
    expect(Object.fromEntries(calls[1]!.url.searchParams)).toMatchObject({ q: 'cache', sort: 'relevance' })
  })

  it('starts again from the top when a filter changes', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': pageOf })
    const list = scope.run(() => useMemoryList(ref('demo')))!
    await vi.waitFor(() => expect(list.items.value).toHaveLength(200))
    list.type.value = 'decision'
    await vi.waitFor(() => expect(calls).toHaveLength(2))
    expect(calls[1]?.url.searchParams.get('offset')).toBe('0')
  })

  it('starts a new project afresh in one request, without the old search', async () => {
    const { calls } = fakeFetch({ 'GET /api/memories': pageOf })
    const project = ref('demo')
    const list = scope.run(() => useMemoryList(project))!
    await vi.waitFor(() => expect(calls).toHaveLength(1))
    list.search.value = 'cache'
    await nextTick()
    vi.advanceTimersByTime(300)
    await vi.waitFor(() => expect(calls).toHaveLength(2))
    project.value = 'work'
    await vi.waitFor(() => expect(calls).toHaveLength(3))
    vi.advanceTimersByTime(300)
    await nextTick()
    expect(calls).toHaveLength(3)
    expect(Object.fromEntries(calls[2]!.url.searchParams)).toEqual({ project: 'work', sort: 'created', limit: '200', offset: '0' })
  })
})
