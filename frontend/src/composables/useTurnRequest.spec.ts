import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useImageServiceStore } from '@/stores/imageService'
import { useReferencesStore } from '@/stores/references'
import { OPTIONS, STATUS_GEMINI } from '@/test/fixtures'
import { useTurnRequest } from './useTurnRequest'

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
