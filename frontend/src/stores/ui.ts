import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChatSource, ChatTurnMessage } from '@/api'

export type AssistantTab = 'chat' | 'generate'
/** On a narrow screen one pane shows at a time: the memories, or the assistant's tab. */
export type Pane = 'memories' | AssistantTab

/** What one part of the page asks another to show: a memory, a tab, a chat handed to Generate. */
export const useUiStore = defineStore('ui', () => {
  const tab = ref<AssistantTab>('generate')
  const detailMemoryId = ref<string | null>(null)
  const imageChat = ref<ChatTurnMessage[] | null>(null)
  const memoriesShown = ref(false)
  /** The pane a narrow screen shows. */
  const pane = computed<Pane>({
    get: () => (memoriesShown.value ? 'memories' : tab.value),
    set: (p) => {
      memoriesShown.value = p === 'memories'
      if (p !== 'memories') tab.value = p
    },
  })

  /** Show a memory's details (on a narrow screen, by showing the memories). */
  function showMemory(id: string | null): void {
    detailMemoryId.value = id
    if (id) memoriesShown.value = true
  }

  /** Hand a chat to Generate, its [[Memory N]] citations spelled out as the memories' titles. */
  function sendChatToGenerate(messages: ChatTurnMessage[], sources: ChatSource[]): void {
    const titles = new Map(sources.map((s) => [s.n, s.title]))
    const spell = (text: string): string =>
      text.replace(/\[\[Memory (\d+)\]\]/g, (whole, n: string) => {
        const title = titles.get(Number(n))
        return title ? `(memory: ${title})` : whole
      })
    imageChat.value = messages.map((m) => ({ role: m.role, content: spell(m.content) }))
    pane.value = 'generate'
  }

  function dropImageChat(): void {
    imageChat.value = null
  }

  return { tab, pane, detailMemoryId, imageChat, showMemory, sendChatToGenerate, dropImageChat }
})
