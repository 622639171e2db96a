import { describe, expect, it } from 'vitest'
import { FLASH, OFFLINE, PRO } from '@/test/fixtures'
import { finishTarget, largerSizes } from './models'

describe('finishing a draft', () => {
  it('finishes a Nano Banana 2 draft on Nano Banana Pro', () => {
    expect(finishTarget([PRO, FLASH, OFFLINE], FLASH.id)?.id).toBe(PRO.id)
  })

  it('offers nothing better than Pro, nor across providers', () => {
    expect([finishTarget([PRO, FLASH, OFFLINE], PRO.id), finishTarget([PRO, FLASH, OFFLINE], OFFLINE.id)]).toEqual([null, null])
  })

  it('offers nothing when this key may not use Pro', () => {
    expect(finishTarget([{ ...PRO, available: false }, FLASH], FLASH.id)).toBeNull()
  })

  it('offers the sizes larger than the draft', () => {
    expect(largerSizes(PRO, '16:9', 1376)).toEqual(['2K', '4K'])
  })
})
