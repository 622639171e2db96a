import { describe, expect, it } from 'vitest'
import { costLabel, sendCost } from './cost'

describe('the cost of a send', () => {
  it('prices each reference at the input price, once for every picture made', () => {
    const cost = sendCost(0.134, 2, 3, 0.0011)
    expect(cost.references).toBeCloseTo(0.0066)
    expect(cost.total).toBeCloseTo(0.2746)
  })

  it('says the references beside the pictures’ price', () => {
    expect(costLabel(sendCost(0.134, 1, 2, 0.00112), 2)).toBe('$0.134 + $0.0022 for 2 references')
  })

  it('is free offline, references or not', () => {
    expect(costLabel(sendCost(0, 1, 4, 0), 4)).toBe('free')
  })

  it('is unknown when the input price is unknown', () => {
    const cost = sendCost(0.134, 1, 1, null)
    expect([cost.references, cost.total]).toEqual([null, null])
  })
})
