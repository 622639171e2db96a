/** What one send costs before it is made: its pictures, and the reference pictures it sends. */
import { formatPrice, formatUsd } from './format'

export interface SendCost {
  /** The pictures made; null when a price is unknown. */
  images: number | null
  /** The reference pictures sent along, each with every picture made; null when unknown. */
  references: number | null
  total: number | null
}

export function sendCost(imagePrice: number | null, count: number, references: number, inputPrice: number | null): SendCost {
  const images = imagePrice === null ? null : imagePrice * count
  const sent = references === 0 ? 0 : inputPrice === null ? null : inputPrice * references * count
  return { images, references: sent, total: images === null || sent === null ? null : images + sent }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** "$0.134", "$0.134 + $0.0022 for 2 references", "free"; empty when unknown. */
export function costLabel(cost: SendCost, references: number): string {
  if (!references || !cost.references) return formatPrice(cost.images)
  return `${formatPrice(cost.images)} + ${formatUsd(cost.references)} for ${plural(references, 'reference')}`
}
