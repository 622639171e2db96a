import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ChatSource, ChatTurnMessage } from '@/api'

export type AssistantTab = 'chat' | 'generate'

/** What one part of the page asks another to show: a memory, a tab, a chat handed to Generate. */
export const useUiStore = defineStore('ui', () => {
  const tab = ref<AssistantTab>('generate')
  const detailMemoryId = ref<string | null>(null)
  const imageChat = ref<ChatTurnMessage[] | null>(null)

  function showMemory(id: string | null): void {
    detailMemoryId.value = id
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
    tab.value = 'generate'
  }

  function dropImageChat(): void {
    imageChat.value = null
  }

  return { tab, detailMemoryId, imageChat, showMemory, sendChatToGenerate, dropImageChat }
})
