import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import type { Conversation } from '@/api'
import { useImageServiceStore } from '@/stores/imageService'
import { useImageSettingsStore } from '@/stores/imageSettings'
import { useSelectionStore } from '@/stores/selection'
import { fakeFetch, flush, json } from '@/test/fakeFetch'
import { conversation, conversationTurn, memory, OPTIONS, STATUS_LOCAL } from '@/test/fixtures'
import { useFollowConversation } from './useFollowConversation'

function setup() {
  const service = useImageServiceStore()
  service.status = STATUS_LOCAL
  service.options = OPTIONS
  const recorded = ref<Conversation | null>(null)
  useFollowConversation(recorded, ref('demo'))
  return { recorded, settings: useImageSettingsStore(), selection: useSelectionStore() }
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('useFollowConversation', () => {
  it('shows the latest turn’s preset and memories, fetching the ones not selected', async () => {
    const { calls } = fakeFetch({
      'GET /api/memories/m3': json(memory('m3')),
      'GET /api/memories/gone': json({ success: false, error: 'No memory gone.', error_code: 'not_found' }, 404),
    })
    const { recorded, settings, selection } = setup()
    selection.toggle(memory('m1'))
    selection.toggle(memory('m9'))
    recorded.value = conversation('c1', [
      conversationTurn(1, { preset: 'infographic', memory_ids: ['m1'] }),
      conversationTurn(2, { preset: 'update_sheet', memory_ids: ['m3', 'gone', 'm1'] }),
    ])
    await nextTick()
    await flush()
    expect(settings.preset).toBe('update_sheet')
    expect(selection.ids).toEqual(['m3', 'm1'])
    expect(calls.map((c) => `${c.url.pathname}?${c.url.searchParams}`)).toEqual(['/api/memories/m3?project=demo', '/api/memories/gone?project=demo'])
  })

  it('goes back to the remembered settings when the conversation is closed', async () => {
    fakeFetch({})
    const { recorded, settings } = setup()
    settings.preset = 'infographic'
    recorded.value = conversation('c1', [conversationTurn(1, { preset: 'update_sheet' })])
    await nextTick()
    expect(settings.preset).toBe('update_sheet')
    recorded.value = null
    await nextTick()
    expect([settings.following, settings.preset]).toEqual([false, 'infographic'])
  })
})
