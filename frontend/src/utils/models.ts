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

/** The model a draft is finished on: the best its provider offers this key, when better than
 * the draft's (the server lists a provider's models best first). */
export function finishTarget(models: ModelInfo[], draftModel: string | null): ModelInfo | null {
  const draft = models.find((m) => m.id === draftModel)
  if (!draft) return null
  const same = models.filter((m) => m.provider === draft.provider)
  const best = same.find(usable)
  return best && same.indexOf(best) < same.indexOf(draft) ? best : null
}

/** The sizes of `model` that make a picture wider than `width` at this ratio (every size whose
 * pixel size is not published). */
export function largerSizes(model: ModelInfo, ratio: string, width: number): ImageSize[] {
  return model.sizes.filter((s) => (model.pixel_sizes[ratio]?.[s]?.[0] ?? Infinity) > width)
}
