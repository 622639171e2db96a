import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import CitedText from './CitedText.vue'

const SOURCES = [{ n: 2, id: 'mem-42', type: 'decision', title: 'Use SQLite', snippet: '' }]

describe('CitedText', () => {
  it('turns a known citation into a button that asks to show the memory', async () => {
    const w = mount(CitedText, { props: { text: 'Chosen for speed [[Memory 2]].', sources: SOURCES } })
    const button = w.get('button')
    expect(button.text()).toBe('Memory 2')
    await button.trigger('click')
    expect(w.emitted('cite')).toEqual([['mem-42']])
  })

  it('leaves an unknown citation as text', () => {
    const w = mount(CitedText, { props: { text: 'See [[Memory 9]].', sources: SOURCES } })
    expect(w.find('button').exists()).toBe(false)
    expect(w.text()).toBe('See [[Memory 9]].')
  })

  it('keeps the punctuation after a citation next to it, with no space between', () => {
    const w = mount(CitedText, { props: { text: 'According to [[Memory 2]], we did.', sources: SOURCES } })
    expect(w.text()).toBe('According to Memory 2, we did.')
    expect(w.get('button').element.parentElement?.textContent).toBe('Memory 2,')
  })
})
