import { describe, expect, it } from 'vitest'
import { boldSegments } from './bold'

describe('boldSegments', () => {
  it('marks the text between double asterisks as bold', () => {
    expect(boldSegments('**Plan**\nThen draw')).toEqual([
      { text: 'Plan', bold: true },
      { text: '\nThen draw', bold: false },
    ])
  })

  it('leaves text without markers alone', () => {
    expect(boldSegments('a * b')).toEqual([{ text: 'a * b', bold: false }])
  })
})
