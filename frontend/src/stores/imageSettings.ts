import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ImageSize, ModelInfo, ProviderId } from '@/api'
import { useImageServiceStore } from './imageService'

const KEY = 'cortex.imageSettings'
const ALL_SIZES: ImageSize[] = ['1K', '2K', '4K']

interface Saved {
  provider: ProviderId | null
  model: string | null
  aspectRatio: string
  imageSize: ImageSize
  grounding: boolean
  preset: string
  variations: number
}

function restore(): Partial<Saved> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Saved>
  } catch {
    return {}
  }
}

/** The user's image settings, remembered across reloads, and what follows from them. */
export const useImageSettingsStore = defineStore('imageSettings', () => {
  const service = useImageServiceStore()
  const saved = restore()
  const provider = ref<ProviderId | null>(saved.provider ?? null)
  const model = ref<string | null>(saved.model ?? null)
  const aspectRatio = ref(saved.aspectRatio ?? '16:9')
  const imageSize = ref<ImageSize>(saved.imageSize ?? '1K')
  const grounding = ref(saved.grounding ?? false)
  const preset = ref(saved.preset ?? 'infographic')
  const variations = ref(saved.variations ?? 1)

  /** The user's choice while the server offers it, else the server's default. */
  const activeProvider = computed<ProviderId>(() => {
    const offered = service.status?.providers ?? []
    if (provider.value && offered.includes(provider.value)) return provider.value
    return service.status?.provider ?? 'local'
  })
  const isGemini = computed(() => activeProvider.value === 'gemini')
  const models = computed<ModelInfo[]>(() => service.options?.models ?? [])
  const activeModel = computed(() => {
    const wanted = model.value ?? service.status?.model ?? service.options?.default_model
    return models.value.find((m) => m.id === wanted) ?? models.value[0] ?? null
  })
  const sizes = computed<ImageSize[]>(() => (isGemini.value ? (activeModel.value?.sizes ?? ALL_SIZES) : ALL_SIZES))
  const canGround = computed(() => isGemini.value && (activeModel.value?.search_grounding ?? false))

  /** Price of one image at this size, 0 for the offline renderer, null when unknown. */
  function priceOf(size: ImageSize): number | null {
    if (!isGemini.value) return 0
    const id = activeModel.value?.id
    return id ? (service.options?.prices[id]?.[size] ?? null) : null
  }

  function choosePreset(id: string): void {
    preset.value = id
    const found = service.options?.presets.find((p) => p.id === id)
    if (found) aspectRatio.value = found.aspect_ratio
  }

  function lowerSize(): void {
    const i = ALL_SIZES.indexOf(imageSize.value)
    const smaller = ALL_SIZES.slice(0, Math.max(i, 1)).filter((s) => sizes.value.includes(s))
    imageSize.value = smaller[smaller.length - 1] ?? '1K'
  }

  function useBestModel(): void {
    const best = [...models.value].sort((a, b) => b.sizes.length - a.sizes.length)[0]
    if (best) model.value = best.id
  }

  watch(sizes, (allowed) => {
    if (!allowed.includes(imageSize.value)) imageSize.value = allowed[allowed.length - 1] ?? '1K'
  })
  watch(canGround, (ok) => {
    if (!ok) grounding.value = false
  })
  watch([provider, model, aspectRatio, imageSize, grounding, preset, variations], () => {
    const data: Saved = {
      provider: provider.value, model: model.value, aspectRatio: aspectRatio.value, imageSize: imageSize.value,
      grounding: grounding.value, preset: preset.value, variations: variations.value,
    }
    localStorage.setItem(KEY, JSON.stringify(data))
  })

  return {
    provider, model, aspectRatio, imageSize, grounding, preset, variations,
    activeProvider, isGemini, models, activeModel, sizes, canGround,
    priceOf, choosePreset, lowerSize, useBestModel,
  }
})
