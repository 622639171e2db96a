import { ref, watch, type Ref } from 'vue'
import { listConversations, type ConversationSummary } from '@/api'
import { useAsync } from './useAsync'

/** Past image conversations of a project, newest first. */
export function useConversationHistory(project: Ref<string | null>) {
  const conversations = ref<ConversationSummary[]>([])
  const { busy, error, run } = useAsync(async () => {
    if (!project.value) return
    const list = await listConversations(project.value)
    conversations.value = [...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at))
  })
  watch(project, () => void run(), { immediate: true })
  return { conversations, busy, error, refresh: run }
}
