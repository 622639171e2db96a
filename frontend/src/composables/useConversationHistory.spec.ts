import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { fakeFetch, flush, json } from '@/test/fakeFetch'
import { useConversationHistory } from './useConversationHistory'

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
