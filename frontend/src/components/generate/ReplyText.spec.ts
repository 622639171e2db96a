import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReplyText from './ReplyText.vue'

describe('ReplyText', () => {
  it('keeps each line of the reply, and lists the phrases to try', () => {
    const text = 'Drew 2 memories as a timeline.\nApplied: dark theme.\nTry: dark theme · title "…" · 4K · help'
    const w = mount(ReplyText, { props: { text } })
    expect(w.findAll('p').map((p) => p.text())).toEqual(['Drew 2 memories as a timeline.', 'Applied: dark theme.'])
    const list = w.get('ul[aria-label=Try]')
    expect(list.findAll('li').map((li) => li.text())).toEqual(['dark theme', 'title "…"', '4K', 'help'])
  })

  it('lists the words of a help reply without the closing full stop', () => {
    const w = mount(ReplyText, { props: { text: 'Nothing changed.\nWords I understand: dark / light theme · reset style.' } })
    expect(w.get('ul').findAll('li').map((li) => li.text())).toEqual(['dark / light theme', 'reset style'])
  })
})
