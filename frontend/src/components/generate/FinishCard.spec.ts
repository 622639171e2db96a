import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { turnFromResponse } from '@/composables/threadTurns'
import { useImageServiceStore } from '@/stores/imageService'
import { FLASH, generated, OPTIONS, PRO, STATUS_GEMINI } from '@/test/fixtures'
import FinishCard from './FinishCard.vue'

const draft = turnFromResponse('A draft', generated({ conversation_id: 'd1', model: FLASH.id, width: 1376, height: 768 }), false)

function mountCard(model = FLASH.id) {
  return mount(FinishCard, {
    props: { latest: { ...draft, model }, draftId: 'd1', draftCost: 0.067, draftTurns: 1, busy: false },
  })
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  const service = useImageServiceStore()
  service.status = STATUS_GEMINI
  service.options = { ...OPTIONS, models: [{ ...PRO, input_image_price: 0.00112 }, FLASH] }
})

describe('FinishCard', () => {
  it('offers Pro at the sizes larger than the draft, each with its price, and says what the draft cost', () => {
    const w = mountCard()
    expect(w.findAll('button').map((b) => b.text())).toEqual(['Finish at 2K · $0.135', 'Finish at 4K · $0.241'])
    expect(w.get('[data-testid=draft-cost]').text()).toContain('1 turn, $0.067 so far')
  })

  it('asks for a new Pro conversation that finishes the draft', async () => {
    const w = mountCard()
    await w.get('button').trigger('click')
    const [extra] = w.emitted<[Record<string, unknown>]>('finish')![0]!
    expect(extra).toMatchObject({ conversation_id: null, finish_from: 'd1', model: PRO.id, image_size: '2K', n: 1 })
  })

  it('is not offered for a picture already made on Pro', () => {
    expect(mountCard(PRO.id).find('[data-testid=finish-card]').exists()).toBe(false)
  })
})
