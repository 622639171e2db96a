import { ref, watch, type Ref } from 'vue'
import { listConversations, type ConversationSummary } from '@/api'
import { useAsync } from './useAsync'

/** Past image conversations of a project, newest first; read only while `shown`, each time it opens. */
export function useConversationHistory(project: Ref<string | null>, shown: Ref<boolean>) {
  const conversations = ref<ConversationSummary[]>([])
  const { busy, error, run } = useAsync(async () => {
    if (!project.value) return
    const list = await listConversations(project.value)
    conversations.value = [...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at))
  })
  /** Read the list again if it is on screen; otherwise it is read when it opens. */
  const refresh = (): void => void (shown.value && run())
  watch(project, () => {
    conversations.value = []
    refresh()
  })
  watch(shown, refresh)
  return { conversations, busy, error, refresh }
}
