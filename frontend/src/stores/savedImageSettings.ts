/** The image settings remembered across reloads, for the next new conversation. */
import type { ImageSize, ProviderId } from '@/api'

const KEY = 'cortex.imageSettings'

export interface SavedImageSettings {
  provider: ProviderId | null
  model: string | null
  aspectRatio: string | null
  imageSize: ImageSize | null
  thinkingLevel: string | null
  grounding: boolean
  preset: string
  variations: number
}

export function restoreImageSettings(): Partial<SavedImageSettings> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<SavedImageSettings>
  } catch {
    return {}
  }
}

export function saveImageSettings(data: SavedImageSettings): void {
  localStorage.setItem(KEY, JSON.stringify(data))
}
