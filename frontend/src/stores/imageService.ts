import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getImageOptions, getImageStatus, getUsage, type ImageOptions, type ImageStatus, type Usage } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'

/** What the server's image service offers (status, options) and what it has cost today. */
export const useImageServiceStore = defineStore('imageService', () => {
  const status = ref<ImageStatus | null>(null)
  const options = ref<ImageOptions | null>(null)
  const usage = ref<Usage | null>(null)
  const error = ref<ApiError | null>(null)
  const refreshing = ref(false)
  /** What the server wants people to know about its models (a retired id replaced, a fallback). */
  const notices = computed(() => [...new Set([...(status.value?.notices ?? []), ...(options.value?.notices ?? [])])])

  /** `refresh` asks the server to ask Gemini again which models this key may use. */
  async function load(refresh = false): Promise<void> {
    error.value = null
    try {
      // A refresh asks Gemini once, through the options; the status then reads the same answer.
      const o = refresh ? await getImageOptions(true) : null
      const [s, fresh] = await Promise.all([getImageStatus(), o ?? getImageOptions()])
      status.value = s
      options.value = fresh
    } catch (err) {
      error.value = toApiError(err)
    }
    await refreshUsage()
  }

  async function refreshUsage(): Promise<void> {
    try {
      usage.value = await getUsage()
    } catch {
      usage.value = null
    }
  }

  async function refreshModels(): Promise<void> {
    refreshing.value = true
    await load(true)
    refreshing.value = false
  }

  return { status, options, usage, error, notices, refreshing, load, refreshModels, refreshUsage }
})
