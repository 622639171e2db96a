/** Boxes drawn on a picture, as fractions of its width and height (what the server takes). */
import type { Region } from '@/api'

/** Smaller than this either way is a click, not a box. */
export const SMALLEST = 0.02

const clamp = (v: number): number => Math.min(1, Math.max(0, v))
const round = (v: number): number => Math.round(v * 10_000) / 10_000

/** The box between two corners, kept inside the picture. */
export function boxBetween(a: [number, number], b: [number, number]): Region {
  const [x1, y1] = [clamp(a[0]), clamp(a[1])]
  const [x2, y2] = [clamp(b[0]), clamp(b[1])]
  const x = round(Math.min(x1, x2))
  const y = round(Math.min(y1, y2))
  return { x, y, width: round(Math.min(Math.abs(x2 - x1), 1 - x)), height: round(Math.min(Math.abs(y2 - y1), 1 - y)) }
}

/** The box moved (or, with `resize`, its far corner moved) by a step, still inside the picture. */
export function nudge(box: Region, dx: number, dy: number, resize: boolean): Region {
  if (resize) return boxBetween([box.x, box.y], [box.x + Math.max(SMALLEST, box.width + dx), box.y + Math.max(SMALLEST, box.height + dy)])
  const x = Math.min(1 - box.width, Math.max(0, box.x + dx))
  const y = Math.min(1 - box.height, Math.max(0, box.y + dy))
  return { ...box, x: round(x), y: round(y) }
}

const pct = (v: number): string => `${Math.round(v * 100)}%`

/** "a box 50% wide and 30% tall, 50% from the left and 10% from the top" */
export function describeBox(box: Region): string {
  return `a box ${pct(box.width)} wide and ${pct(box.height)} tall, ${pct(box.x)} from the left and ${pct(box.y)} from the top`
}
