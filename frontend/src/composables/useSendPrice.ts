import { computed, type Ref } from 'vue'
import { useImageSettingsStore } from '@/stores/imageSettings'
import { useReferencesStore } from '@/stores/references'
import { costLabel, sendCost } from '@/utils/cost'
import { formatUsd } from '@/utils/format'

/**
 * What the next send costs, before it is sent: `count` pictures at the chosen size, each made
 * with the reference pictures (and `extra` implied ones, such as a region's crop) as input.
 */
export function useSendPrice(count: Ref<number>, extra: Ref<number> = computed(() => 0)) {
  const settings = useImageSettingsStore()
  const refs = useReferencesStore()
  const references = computed(() => refs.chips.length + extra.value)
  const cost = computed(() => sendCost(settings.priceOf(settings.imageSize), count.value, references.value, settings.inputPrice))
  const label = computed(() => costLabel(cost.value, references.value))
  /** The question asked before a size the model says to confirm. */
  const question = computed(() => {
    const n = count.value
    const total = cost.value.total
    const price = total ? ` It costs about ${formatUsd(total)}${n > 1 ? ` for ${n} images` : ''}.` : ''
    return `${settings.imageSize} images are the largest and slowest to make.${price} Continue?`
  })
  return { cost, label, question, references }
}
