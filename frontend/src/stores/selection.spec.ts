import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { memory } from '@/test/fixtures'
import { estimateTokens, useSelectionStore } from './selection'

beforeEach(() => setActivePinia(createPinia()))

describe('selection', () => {
  it('toggles a memory in and out', () => {
    const s = useSelectionStore()
    s.toggle(memory('a'))
    expect(s.ids).toEqual(['a'])
    s.toggle(memory('a'))
    expect(s.count).toBe(0)
  })

  it('selects all shown without duplicating those already selected', () => {
    const s = useSelectionStore()
    s.toggle(memory('a'))
    s.selectAll([memory('a'), memory('b'), memory('c')])
    expect(s.ids).toEqual(['a', 'b', 'c'])
  })

  it('keeps the order in which memories were chosen', () => {
    const s = useSelectionStore()
    s.selectAll([memory('z'), memory('a')])
    expect(s.memories.map((m) => m.id)).toEqual(['z', 'a'])
  })

  it('adds up the estimated tokens of the selection', () => {
    const s = useSelectionStore()
    const a = memory('a', { content: 'x'.repeat(400) })
    const b = memory('b', { content: 'y'.repeat(40), context: 'why'.repeat(10) })
    s.selectAll([a, b])
    expect(s.estimatedTokens).toBe(estimateTokens(a) + estimateTokens(b))
  })

  it('removes one and clears all', () => {
    const s = useSelectionStore()
    s.selectAll([memory('a'), memory('b')])
    s.remove('a')
    expect(s.ids).toEqual(['b'])
    s.clear()
    expect(s.isSelected('b')).toBe(false)
  })
})

describe('estimateTokens', () => {
  it('counts about four characters a token', () => {
    const m = memory('a', { content: 'x'.repeat(4000), tags: [], type: 'tip' })
    expect(estimateTokens(m)).toBeGreaterThan(1000)
    expect(estimateTokens(m)).toBeLessThan(1100)
  })
})
