import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { fakeFetch, flush, json } from '@/test/fakeFetch'
import { groupBatches, groupHistory, useConversationHistory } from './useConversationHistory'

const summary = (id: string, updated: string) => ({
  id, title: id, provider: 'local', model: null, created_at: '', updated_at: updated, turn_count: 1, thumbnail_url: null,
})

describe('useConversationHistory', () => {
  it('reads the list when it opens, newest first, and not while it is closed', async () => {
    const { calls } = fakeFetch({
      'GET /api/image/conversations': json([summary('old', '2025-01-01'), summary('new', '2025-02-01')]),
    })
    const shown = ref(false)
    const history = useConversationHistory(ref('demo'), shown)
    history.refresh()
    await flush()
    expect(calls).toHaveLength(0)
    shown.value = true
    await nextTick()
    await flush()
    expect(history.conversations.value.map((c) => c.id)).toEqual(['new', 'old'])
    history.refresh()
    await flush()
    expect(calls).toHaveLength(2)
  })
})

describe('groupBatches', () => {
  it('gathers the variations of a batch where its first one stands', () => {
    const list = [
      { ...summary('b1', '3'), batch_id: 'b1' },
      summary('solo', '2'),
      { ...summary('b2', '1'), batch_id: 'b1' },
    ]
    expect(groupBatches(list).map((g) => g.items.map((c) => c.id))).toEqual([['b1', 'b2'], ['solo']])
  })
})

describe('groupHistory', () => {
  const branch = (id: string, parent: string) => ({ ...summary(id, '9'), parent_id: parent, parent_turn: 1 })

  it('shows a branch, and a branch of it, under the conversation each branched from', () => {
    const groups = groupHistory([branch('b2', 'b1'), branch('b1', 'root'), summary('root', '1')])
    expect(groups.map((g) => g.key)).toEqual(['root'])
    expect(groups[0]?.branches[0]?.branches.map((g) => g.key)).toEqual(['b2'])
  })

  it('keeps a branch whose parent is not listed (deleted, or not matching a search) on its own', () => {
    expect(groupHistory([branch('b1', 'gone')]).map((g) => g.key)).toEqual(['b1'])
  })
})

describe('history actions', () => {
  it('searches, renames and deletes through the server', async () => {
    const { calls } = fakeFetch({
      'GET /api/image/conversations': json([summary('c1', '1')]),
      'PATCH /api/image/conversations/c1': json(summary('c1', '1')),
      'DELETE /api/image/conversations/c1': json({ success: true, images_removed: 2 }),
    })
    const history = useConversationHistory(ref('demo'), ref(true))
    history.search.value = 'launch'
    await new Promise((resolve) => setTimeout(resolve, 300))
    await history.rename.run(['c1'], 'Launch day')
    const removed = await history.remove.run(['c1'])
    expect(calls.find((c) => c.method === 'GET')?.url.searchParams.get('q')).toBe('launch')
    expect([calls.find((c) => c.method === 'PATCH')?.body, removed]).toEqual([{ title: 'Launch day' }, 2])
  })
})
