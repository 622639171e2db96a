import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ChatEntry } from '@/composables/useChat'
import ChatMessage from './ChatMessage.vue'

const NOTICE = 'Offline answer, not written by a model (no GEMINI_API_KEY): these are the memories that best match.'

function entry(over: Partial<ChatEntry>): ChatEntry {
  return { role: 'assistant', content: '', sources: [], streaming: false, offline: false, notices: [], ...over }
}

beforeEach(() => setActivePinia(createPinia()))

describe('ChatMessage', () => {
  it('shows the offline notice once, as a banner above the answer', () => {
    const w = mount(ChatMessage, { props: { message: entry({ content: `${NOTICE}\n\n1. (decision) Use SQLite`, offline: true }) } })
    expect(w.get('[data-testid=offline-notice]').text()).toBe(NOTICE)
    expect(w.text().split('not written by a model')).toHaveLength(2)
    expect(w.text()).toContain('1. (decision) Use SQLite')
  })

  it('shows a model’s answer as it is', () => {
    const w = mount(ChatMessage, { props: { message: entry({ content: 'First line\nSecond line' }) } })
    expect(w.find('[data-testid=offline-notice]').exists()).toBe(false)
    expect(w.text()).toContain('First line\nSecond line')
  })
})
