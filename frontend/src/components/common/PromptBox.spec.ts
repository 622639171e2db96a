import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import PromptBox from './PromptBox.vue'

function box(text: string, busy = false) {
  return mount(PromptBox, {
    props: { label: 'Describe the image', placeholder: '', action: 'Generate', busy, modelValue: text },
  })
}

describe('PromptBox', () => {
  it('sends with Ctrl+Enter', async () => {
    const w = box('  a timeline  ')
    await w.get('textarea').trigger('keydown', { key: 'Enter', ctrlKey: true })
    expect(w.emitted('submit')).toEqual([['a timeline']])
  })

  it('sends with Cmd+Enter', async () => {
    const w = box('a chart')
    await w.get('textarea').trigger('keydown', { key: 'Enter', metaKey: true })
    expect(w.emitted('submit')).toEqual([['a chart']])
  })

  it('does not send while busy or empty', async () => {
    const w = box('a chart', true)
    await w.get('form').trigger('submit')
    const empty = box('   ')
    await empty.get('form').trigger('submit')
    expect([w.emitted('submit'), empty.emitted('submit')]).toEqual([undefined, undefined])
  })

  it('sends the fallback when the box is empty, and says so', async () => {
    const w = mount(PromptBox, {
      props: { label: 'L', placeholder: '', action: 'Generate', busy: false, modelValue: ' ', fallback: 'Timeline', hint: 'Sends “Timeline”.' },
    })
    await w.get('form').trigger('submit')
    expect(w.emitted('submit')).toEqual([['Timeline']])
    expect(w.get('[data-testid=prompt-hint]').text()).toBe('Sends “Timeline”.')
  })

  it('labels the text box', () => {
    expect(box('').get('label').text()).toContain('Describe the image')
  })
})
