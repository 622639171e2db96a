import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { computed } from 'vue'
import { useImageServiceStore } from '@/stores/imageService'
import { useReferencesStore } from '@/stores/references'
import { OPTIONS, PRO, STATUS_GEMINI } from '@/test/fixtures'
import { useSendPrice } from './useSendPrice'

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  const service = useImageServiceStore()
  service.status = STATUS_GEMINI
  service.options = { ...OPTIONS, models: [{ ...PRO, input_image_price: 0.00112 }, ...OPTIONS.models.slice(1)] }
})

describe('the price of the next send', () => {
  it('adds the reference pictures at the model’s input price', () => {
    useReferencesStore().addMade({ id: 'a', thumbnailUrl: '' }, 'Turn 1')
    useReferencesStore().addMade({ id: 'b', thumbnailUrl: '' }, 'Turn 2')
    const price = useSendPrice(computed(() => 1))
    expect(price.label.value).toBe('$0.134 + $0.0022 for 2 references')
  })

  it('counts a picture the send implies, such as a region’s crop', () => {
    const price = useSendPrice(computed(() => 1), computed(() => 1))
    expect(price.label.value).toBe('$0.134 + $0.0011 for 1 reference')
  })
})
