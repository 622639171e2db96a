import { computed, ref, shallowRef } from 'vue'
import { streamChat, type ChatSource, type ChatTurnMessage } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'

export interface ChatEntry {
  role: 'user' | 'assistant'
  content: string
  sources: ChatSource[]
  streaming: boolean
  offline: boolean
  /** What the server wants said about this answer (a retired model replaced…). */
  notices: string[]
}

/** An Ask AI conversation: questions, streamed answers and the memories they cite. */
export function useChat() {
  const messages = ref<ChatEntry[]>([])
  const error = shallowRef<ApiError | null>(null)
  const busy = ref(false)
  let controller: AbortController | null = null

  const plain = computed<ChatTurnMessage[]>(() =>
    messages.value.filter((m) => m.content).map((m) => ({ role: m.role, content: m.content })),
  )
  const sources = computed<ChatSource[]>(() => {
    const byId = new Map<string, ChatSource>()
    for (const m of messages.value) for (const s of m.sources) byId.set(s.id, s)
    return [...byId.values()]
  })

  async function ask(project: string, question: string, memoryIds: string[]): Promise<void> {
    const history = plain.value
    const entry = { sources: [], offline: false, notices: [] }
    messages.value.push({ role: 'user', content: question, streaming: false, ...entry })
    messages.value.push({ role: 'assistant', content: '', streaming: true, ...entry, sources: [], notices: [] })
    const answer = messages.value[messages.value.length - 1] as ChatEntry
    controller = new AbortController()
    busy.value = true
    error.value = null
    try {
      const body = { question, memory_ids: memoryIds, messages: history }
      await streamChat(project, body, (e) => {
        if (e.event === 'sources') answer.sources = e.data.sources
        if (e.event === 'chunk') answer.content += e.data.text
        if (e.event === 'done') {
          Object.assign(answer, { content: e.data.answer || answer.content, offline: e.data.offline, notices: e.data.notices ?? [] })
        }
      }, controller.signal)
    } catch (err) {
      error.value = toApiError(err)
      if (!answer.content) messages.value.pop()
    } finally {
      answer.streaming = false
      busy.value = false
      controller = null
    }
  }

  function stop(): void {
    controller?.abort()
  }

  function reset(): void {
    stop()
    messages.value = []
    error.value = null
  }

  return { messages, plain, sources, error, busy, ask, stop, reset }
}
