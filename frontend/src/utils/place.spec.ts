import { describe, expect, it } from 'vitest'
import { placeHash, readPlace } from './place'

describe('place', () => {
  it('reads back what it wrote', () => {
    expect(readPlace(placeHash({ conversation: 'conv_1a', turn: 3 }))).toEqual({ conversation: 'conv_1a', turn: 3 })
  })

  it('leaves the address bare without a conversation, and ignores a bad turn', () => {
    expect(placeHash({ conversation: null, turn: 2 })).toBe('')
    expect(readPlace('#conversation=c&turn=x')).toEqual({ conversation: 'c', turn: null })
  })
})
