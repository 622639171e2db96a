/** How a selection becomes a series: by what it is grouped, and into how many pictures. */
import type { SeriesGrouping } from '@/api'

export const SERIES_SIZES = [2, 3, 4, 5, 6, 7, 8]

export interface SeriesPlan {
  groupBy: SeriesGrouping
  /** At most this many pictures (exactly, with chosen groups). */
  count: number
  /** With chosen groups: the picture (1 to count) each memory goes in, by memory id. */
  chosen: Record<string, number>
}

export const defaultPlan = (): SeriesPlan => ({ groupBy: 'tag', count: 4, chosen: {} })

/** The picture a memory goes in: the one chosen for it, else one in turn. */
export const pictureOf = (plan: SeriesPlan, id: string, index: number): number => {
  const chosen = plan.chosen[id]
  return chosen && chosen <= plan.count ? chosen : (index % plan.count) + 1
}

/** The memory ids of each picture, for `group_by: 'groups'` (pictures left empty are dropped). */
export function seriesGroups(plan: SeriesPlan, ids: string[]): string[][] {
  const groups = Array.from({ length: plan.count }, (): string[] => [])
  ids.forEach((id, i) => groups[pictureOf(plan, id, i) - 1]?.push(id))
  return groups.filter((g) => g.length)
}
