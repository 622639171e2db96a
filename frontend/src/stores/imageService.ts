import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getImageOptions, getImageStatus, getUsage, type ImageOptions, type ImageStatus, type Usage } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'

/** What the server's image service offers (status, options) and what it has cost today. */
export const useImageServiceStore = defineStore('imageService', () => {
  const status = ref<ImageStatus | null>(null)
  const options = ref<ImageOptions | null>(null)
  const usage = ref<Usage | null>(null)
  const error = ref<ApiError | null>(null)

  async function load(): Promise<void> {
    error.value = null
    try {
      const [s, o] = await Promise.all([getImageStatus(), getImageOptions()])
      status.value = s
      options.value = o
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

  return { status, options, usage, error, load, refreshUsage }
})
