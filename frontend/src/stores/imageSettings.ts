import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ConversationTurn, ImageOptions, ImageSize, ModelInfo, ProviderId } from '@/api'
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

/** The shape of a picture as drawn: its pixel size looked up among the ratios and sizes offered. */
function shapeOf(turn: ConversationTurn, options: ImageOptions | null): [string, ImageSize] {
  for (const r of options?.aspect_ratios ?? []) {
    for (const [size, [w, h]] of Object.entries(r.sizes)) {
      if (w === turn.width && h === turn.height) return [r.id, size as ImageSize]
    }
  }
  return [turn.aspect_ratio, turn.image_size]
}

/**
 * The user's image settings and what follows from them. Between conversations they are the
 * settings for the next one, remembered across reloads; while a conversation is open they show
 * that conversation (see `follow`), and changing them changes its next turn only.
 */
export const useImageSettingsStore = defineStore('imageSettings', () => {
  const service = useImageServiceStore()
  const provider = ref<ProviderId | null>(null)
  const model = ref<string | null>(null)
  const aspectRatio = ref('16:9')
  const imageSize = ref<ImageSize>('1K')
  const grounding = ref(false)
  const preset = ref('infographic')
  const variations = ref(1)
  /** Showing an open conversation's settings rather than the remembered ones. */
  const following = ref(false)

  function load(saved: Partial<Saved>): void {
    provider.value = saved.provider ?? null
    model.value = saved.model ?? null
    aspectRatio.value = saved.aspectRatio ?? '16:9'
    imageSize.value = saved.imageSize ?? '1K'
    grounding.value = saved.grounding ?? false
    preset.value = saved.preset ?? 'infographic'
    variations.value = saved.variations ?? 1
  }
  load(restore())

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
  /** Show the settings of a conversation's latest turn, as the server recorded it. */
  function follow(conversationProvider: string, turn: ConversationTurn): void {
    following.value = true
    if (conversationProvider === 'gemini' || conversationProvider === 'local') provider.value = conversationProvider
    if (conversationProvider === 'gemini' && models.value.some((m) => m.id === turn.model)) model.value = turn.model
    const known = service.options?.presets.some((p) => p.id === turn.preset) ?? true
    if (turn.preset && known) preset.value = turn.preset
    ;[aspectRatio.value, imageSize.value] = shapeOf(turn, service.options)
  }

  /** Back to the remembered settings, for a new conversation. */
  function release(): void {
    if (!following.value) return
    following.value = false
    load(restore())
  }

  watch([provider, model, aspectRatio, imageSize, grounding, preset, variations], () => {
    if (following.value) return
    const data: Saved = {
      provider: provider.value, model: model.value, aspectRatio: aspectRatio.value, imageSize: imageSize.value,
      grounding: grounding.value, preset: preset.value, variations: variations.value,
    }
    localStorage.setItem(KEY, JSON.stringify(data))
  })

  return {
    provider, model, aspectRatio, imageSize, grounding, preset, variations,
    following, activeProvider, isGemini, models, activeModel, sizes, canGround,
    priceOf, choosePreset, lowerSize, useBestModel, follow, release,
  }
})
