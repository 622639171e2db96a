import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useImageServiceStore } from '@/stores/imageService'
import { useNextTurnStore } from '@/stores/nextTurn'
import { useReferencesStore } from '@/stores/references'
import { useSelectionStore } from '@/stores/selection'
import { memory, OPTIONS, STATUS_GEMINI } from '@/test/fixtures'
import type { ImageRef } from './threadTurns'
import { useTurnRequest } from './useTurnRequest'

const image = (conversationId: string, turn: number): ImageRef => ({
  id: `i${turn}`, url: '', thumbnailUrl: '', width: 1, height: 1, conversationId, turn,
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  const service = useImageServiceStore()
  service.status = STATUS_GEMINI
  service.options = OPTIONS
})

describe('the request of the next send', () => {
  it('carries the reference pictures with what each is for', () => {
    const refs = useReferencesStore()
    refs.addMade({ id: 'img1', thumbnailUrl: '' }, 'Turn 1')
    refs.chips[0]!.label = 'match this style'
    const body = useTurnRequest(ref('c1')).build('Same look, new subject')
    expect(body.references).toEqual([{ id: 'img1', label: 'match this style' }])
    expect(body.n).toBe(1)
  })

  it('lets go of the references once they were sent', () => {
    const refs = useReferencesStore()
    refs.addMade({ id: 'img1', thumbnailUrl: '' }, 'Turn 1')
    const turn = useTurnRequest(ref(null))
    turn.sent()
    expect(turn.build('Next').references).toBeUndefined()
  })
})

describe('a branch', () => {
  it('refines from the turn being viewed into a new conversation', () => {
    useNextTurnStore().branchFrom({ conversationId: 'c1', turn: 2 })
    const body = useTurnRequest(ref('c1')).build('Another direction')
    expect(body).toMatchObject({ conversation_id: 'c1', from_turn: 2, n: 1 })
    expect(body.provider).toBeUndefined()
  })

  it('is dropped when the user looks at another turn', async () => {
    const current = ref<ImageRef | null>(image('c1', 2))
    const turn = useTurnRequest(ref('c1'), current)
    useNextTurnStore().branchFrom({ conversationId: 'c1', turn: 2 })
    current.value = image('c1', 3)
    await nextTick()
    expect(turn.build('More').from_turn).toBeUndefined()
  })
})

describe('a series', () => {
  it('sends the selection, the chosen groups and the settings', () => {
    useSelectionStore().replace([memory('m1'), memory('m2'), memory('m3')])
    const body = useTurnRequest(ref(null)).buildSeries('', { groupBy: 'groups', count: 2, chosen: { m3: 2 } })
    expect(body).toMatchObject({ memory_ids: ['m1', 'm2', 'm3'], group_by: 'groups', count: 2, groups: [['m1'], ['m2', 'm3']] })
    expect(body.model).toBe('gemini-3-pro-image')
  })
})

describe('a box to change', () => {
  it('goes with the conversation’s next refinement', () => {
    useNextTurnStore().drawBox()
    expect(useTurnRequest(ref('c1')).build('Make it red').region).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 })
  })

  it('is dropped when the user looks at another picture', async () => {
    const current = ref<ImageRef | null>(image('c1', 2))
    const turn = useTurnRequest(ref('c1'), current)
    useNextTurnStore().drawBox()
    current.value = image('c1', 1)
    await nextTick()
    expect(turn.build('More').region).toBeUndefined()
  })
})
