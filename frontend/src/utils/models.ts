/** Facts read from a model of `/api/image/options`, for the settings and the actions that use them. */
import type { ImageSize, ModelInfo } from '@/api'

/** A model this key may use (or may not be known to refuse). */
export const usable = (m: ModelInfo): boolean => m.available !== false

/** The ratio and size whose published pixel size is this picture's, if the model publishes one. */
export function shapeOf(model: ModelInfo | null, width: number, height: number): [string, ImageSize] | null {
  for (const [ratio, sizes] of Object.entries(model?.pixel_sizes ?? {})) {
    for (const [size, [w, h]] of Object.entries(sizes)) {
      if (w === width && h === height) return [ratio, size]
    }
  }
  return null
}

/** USD for one input picture: 0 when the model is free, null when its price is unknown. */
export function inputPriceOf(model: ModelInfo | null): number | null {
  if (!model || !model.paid) return 0
  return model.input_image_price
}
