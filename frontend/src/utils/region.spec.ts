import { describe, expect, it } from 'vitest'
import { boxBetween, describeBox, nudge } from './region'

describe('a box on the picture', () => {
  it('is the same whichever corner the drag started from', () => {
    expect(boxBetween([0.8, 0.9], [0.5, 0.5])).toEqual(boxBetween([0.5, 0.5], [0.8, 0.9]))
  })

  it('stays inside the picture when the drag leaves it', () => {
    expect(boxBetween([0.5, 0.5], [1.4, -0.2])).toEqual({ x: 0.5, y: 0, width: 0.5, height: 0.5 })
  })

  it('moves with the keys but never out of the picture', () => {
    expect(nudge({ x: 0.7, y: 0, width: 0.3, height: 0.3 }, 0.05, -0.05, false)).toEqual({ x: 0.7, y: 0, width: 0.3, height: 0.3 })
  })

  it('is said in words with its numbers', () => {
    expect(describeBox({ x: 0.5, y: 0.1, width: 0.5, height: 0.3 })).toBe('a box 50% wide and 30% tall, 50% from the left and 10% from the top')
  })
})
