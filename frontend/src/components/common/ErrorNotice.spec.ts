import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import ErrorNotice from './ErrorNotice.vue'

describe('ErrorNotice', () => {
  it('shows the server’s sentence and what to do next', () => {
    const w = mount(ErrorNotice, { props: { error: new ApiError('No API key is configured.', 'no_api_key') } })
    expect(w.get('[role="alert"]').text()).toContain('No API key is configured.')
    expect(w.text()).toContain('GEMINI_API_KEY')
  })

  it('offers only the actions its parent can carry out', async () => {
    const error = new ApiError('Too big.', 'invalid_size_for_model')
    const w = mount(ErrorNotice, { props: { error, handles: ['lower_size'] } })
    const buttons = w.findAll('button')
    expect(buttons.map((b) => b.text())).toEqual(['Lower the size'])
    await buttons[0]!.trigger('click')
    expect(w.emitted('action')).toEqual([['lower_size']])
  })
})
