import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ConversationTurn, ImageSize, ModelInfo, ProviderId, ProviderInfo } from '@/api'
import { inputPriceOf, shapeOf, usable } from '@/utils/models'
import { useImageServiceStore } from './imageService'
import { restoreImageSettings, saveImageSettings, type SavedImageSettings } from './savedImageSettings'

/**
 * The user's image settings and what follows from them. Every model fact (ratios, sizes,
 * prices, what to confirm) comes from the server's options. Between conversations the
 * settings are those for the next one, remembered across reloads; while a conversation is
 * open they show that conversation (see `follow`), and changing them changes its next turn.
 */
export const useImageSettingsStore = defineStore('imageSettings', () => {
  const service = useImageServiceStore()
  const provider = ref<ProviderId | null>(null)
  const model = ref<string | null>(null)
  const chosenRatio = ref<string | null>(null)
  const chosenSize = ref<ImageSize | null>(null)
  const chosenThinking = ref<string | null>(null)
  const grounding = ref(false)
  const preset = ref('infographic')
  const variations = ref(1)
  /** Showing an open conversation's settings rather than the remembered ones. */
  const following = ref(false)

  function load(saved: Partial<SavedImageSettings>): void {
    provider.value = saved.provider ?? null
    model.value = saved.model ?? null
    chosenRatio.value = saved.aspectRatio ?? null
    chosenSize.value = saved.imageSize ?? null
    chosenThinking.value = saved.thinkingLevel ?? null
    grounding.value = saved.grounding ?? false
    preset.value = saved.preset ?? 'infographic'
    variations.value = saved.variations ?? 1
  }
  load(restoreImageSettings())

  /** Providers set up to serve requests, in the server's order of preference. */
  const providers = computed<ProviderInfo[]>(() => (service.options?.providers ?? []).filter((p) => p.ready))
  /** The user's choice while the server offers it, else the server's default. */
  const activeProvider = computed<ProviderId>(() => {
    if (provider.value && providers.value.some((p) => p.name === provider.value)) return provider.value
    return service.options?.default_provider ?? service.status?.provider ?? providers.value[0]?.name ?? 'local'
  })
  const providerInfo = computed(() => providers.value.find((p) => p.name === activeProvider.value) ?? null)
  const isPaid = computed(() => providerInfo.value?.paid ?? false)
  /** The models of the active provider. */
  const models = computed<ModelInfo[]>(() => (service.options?.models ?? []).filter((m) => m.provider === activeProvider.value))
  /** The chosen model while this key may use it, else the server's default, else the first usable. */
  const activeModel = computed<ModelInfo | null>(() => {
    const list = models.value
    const find = (id: string | null | undefined): ModelInfo | undefined => list.find((m) => m.id === id && usable(m))
    return find(model.value) ?? find(service.options?.default_model) ?? list.find(usable) ?? list[0] ?? null
  })
  const ratios = computed(() => activeModel.value?.ratios ?? [])
  const sizes = computed(() => activeModel.value?.sizes ?? [])
  const presetRatio = computed(() => service.options?.presets.find((p) => p.id === preset.value)?.aspect_ratio ?? null)

  const aspectRatio = computed<string>({
    get: () => {
      const offered = ratios.value
      for (const r of [chosenRatio.value, presetRatio.value]) if (r && offered.includes(r)) return r
      return offered[0] ?? chosenRatio.value ?? '16:9'
    },
    set: (r) => void (chosenRatio.value = r),
  })
  const imageSize = computed<ImageSize>({
    get: () => {
      const offered = sizes.value
      if (chosenSize.value && offered.includes(chosenSize.value)) return chosenSize.value
      return activeModel.value?.default_size ?? chosenSize.value ?? '2K'
    },
    set: (s) => void (chosenSize.value = s),
  })
  const thinkingLevels = computed(() => (activeModel.value?.thinking === 'levels' ? activeModel.value.thinking_levels : []))
  const thinkingLevel = computed<string | null>({
    get: () => {
      const levels = thinkingLevels.value
      if (!levels.length) return null
      return chosenThinking.value && levels.includes(chosenThinking.value) ? chosenThinking.value : (levels[0] ?? null)
    },
    set: (level) => void (chosenThinking.value = level),
  })
  const canGround = computed(() => (activeModel.value?.grounding.length ?? 0) > 0)
  const grounded = computed(() => grounding.value && canGround.value)

  /** Price of one image at this size: 0 when free, null when unknown. */
  function priceOf(size: ImageSize): number | null {
    const m = activeModel.value
    if (!m || !m.paid) return 0
    return m.prices[size] ?? null
  }
  /** USD for each reference picture a turn sends: 0 when free, null when unknown. */
  const inputPrice = computed(() => inputPriceOf(activeModel.value))
  /** Whether making an image of this size asks the user first (the model says which sizes). */
  const needsConfirm = computed(() => activeModel.value?.confirm_sizes.includes(imageSize.value) ?? false)
  /** The pixel size of a ratio at the chosen size, where the model publishes it. */
  const pixelSize = (ratio: string): [number, number] | null => activeModel.value?.pixel_sizes[ratio]?.[imageSize.value] ?? null

  function choosePreset(id: string): void {
    preset.value = id
    const found = service.options?.presets.find((p) => p.id === id)
    if (found) chosenRatio.value = found.aspect_ratio
  }
  function lowerSize(): void {
    const i = sizes.value.indexOf(imageSize.value)
    if (i > 0) chosenSize.value = sizes.value[i - 1] ?? null
  }
  /** Another model of this provider that the key may use: for a model refused for quota. */
  function useOtherModel(): void {
    const other = models.value.find((m) => m.id !== activeModel.value?.id && usable(m))
    if (other) model.value = other.id
  }

  /** Show the settings of a conversation's latest turn, as the server recorded it. */
  function follow(conversationProvider: string, turn: ConversationTurn): void {
    following.value = true
    provider.value = conversationProvider
    const turnModel = (service.options?.models ?? []).find((m) => m.id === turn.model) ?? null
    if (turnModel) model.value = turnModel.id
    const known = service.options?.presets.some((p) => p.id === turn.preset) ?? true
    if (turn.preset && known) preset.value = turn.preset
    const [ratio, size] = shapeOf(turnModel, turn.width, turn.height) ?? [turn.aspect_ratio, turn.image_size]
    chosenRatio.value = ratio
    chosenSize.value = size
    grounding.value = turn.use_search_grounding ?? false
  }
  /** Back to the remembered settings, for a new conversation. */
  function release(): void {
    if (!following.value) return
    following.value = false
    load(restoreImageSettings())
  }

  watch([provider, model, chosenRatio, chosenSize, chosenThinking, grounding, preset, variations], () => {
    if (following.value) return
    saveImageSettings({
      provider: provider.value, model: model.value, aspectRatio: chosenRatio.value, imageSize: chosenSize.value,
      thinkingLevel: chosenThinking.value, grounding: grounding.value, preset: preset.value, variations: variations.value,
    })
  })

  return {
    provider, model, aspectRatio, imageSize, thinkingLevel, grounding, preset, variations, following,
    providers, activeProvider, isPaid, models, activeModel, ratios, sizes, thinkingLevels, canGround, grounded,
    needsConfirm, priceOf, inputPrice, pixelSize, choosePreset, lowerSize, useOtherModel, follow, release,
  }
})
