import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import TitleEditor from './TitleEditor.vue'

describe('TitleEditor', () => {
  it('sends a changed title as the renderer’s refinement', async () => {
    const w = mount(TitleEditor, { props: { title: 'Our launch', busy: false } })
    await w.get('input').setValue('Launch "day"')
    await w.get('form').trigger('submit')
    expect(w.emitted('change')).toEqual([['title "Launch ”day”"']])
  })

  it('sends nothing when the title is unchanged', async () => {
    const w = mount(TitleEditor, { props: { title: 'Our launch', busy: false } })
    await w.get('form').trigger('submit')
    expect(w.emitted('change')).toBeUndefined()
  })
})
