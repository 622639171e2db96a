import { describe, expect, it } from 'vitest'
import { seriesGroups } from './series'

describe('chosen groups of a series', () => {
  it('puts each memory in the picture chosen for it, the others one picture in turn', () => {
    const plan = { groupBy: 'groups' as const, count: 2, chosen: { m3: 1 } }
    expect(seriesGroups(plan, ['m1', 'm2', 'm3'])).toEqual([['m1', 'm3'], ['m2']])
  })

  it('leaves out a picture no memory went in', () => {
    const plan = { groupBy: 'groups' as const, count: 3, chosen: { m1: 1, m2: 1 } }
    expect(seriesGroups(plan, ['m1', 'm2'])).toEqual([['m1', 'm2']])
  })
})
