import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useUiStore } from './ui'

beforeEach(() => setActivePinia(createPinia()))

describe('ui store', () => {
  it('hands a chat to Generate with its citations spelled out', () => {
    const ui = useUiStore()
    ui.tab = 'chat'
    const sources = [{ n: 1, id: 'm1', type: 'decision', title: 'Use SQLite', snippet: '' }]
    ui.sendChatToGenerate(
      [
        { role: 'user', content: 'Why SQLite?' },
        { role: 'assistant', content: 'Because it is embedded [[Memory 1]] and [[Memory 7]].' },
      ],
      sources,
    )
    expect(ui.tab).toBe('generate')
    expect(ui.imageChat?.[1]?.content).toBe('Because it is embedded (memory: Use SQLite) and [[Memory 7]].')
  })

  it('shows the memories pane for a memory on a narrow screen, and leaves it for Generate', () => {
    const ui = useUiStore()
    ui.showMemory('m1')
    expect(ui.pane).toBe('memories')
    ui.sendChatToGenerate([], [])
    expect([ui.pane, ui.tab]).toEqual(['generate', 'generate'])
  })

  it('shows and hides a memory', () => {
    const ui = useUiStore()
    ui.showMemory('m1')
    expect(ui.detailMemoryId).toBe('m1')
    ui.showMemory(null)
    expect(ui.detailMemoryId).toBeNull()
  })
})
