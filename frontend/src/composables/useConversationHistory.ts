import { computed, ref, watch, type Ref } from 'vue'
import { deleteConversation, listConversations, renameConversation, type ConversationSummary } from '@/api'
import { useAsync } from './useAsync'
import { useDebounced } from './useDebounced'

/** One entry of the history: a conversation, or the variations of one batch made together;
 * with the branches made from it. */
export interface HistoryGroup {
  key: string
  items: ConversationSummary[]
  branches: HistoryGroup[]
}

/** Conversations in the order given, those of one batch gathered where its first one stands. */
export function groupBatches(list: ConversationSummary[]): HistoryGroup[] {
  const groups: HistoryGroup[] = []
  const byBatch = new Map<string, HistoryGroup>()
  for (const c of list) {
    const found = c.batch_id ? byBatch.get(c.batch_id) : undefined
    if (found) {
      found.items.push(c)
      continue
    }
    const group: HistoryGroup = { key: c.batch_id ?? c.id, items: [c], branches: [] }
    if (c.batch_id) byBatch.set(c.batch_id, group)
    groups.push(group)
  }
  return groups
}

/** Batches gathered, and each branch under the conversation it branched from when that is listed. */
export function groupHistory(list: ConversationSummary[]): HistoryGroup[] {
  const groups = groupBatches(list)
  const owner = new Map(groups.flatMap((g) => g.items.map((c) => [c.id, g] as const)))
  return groups.filter((g) => {
    const parent = owner.get(g.items[0]?.parent_id ?? '')
    if (parent && parent !== g) parent.branches.push(g)
    return !parent || parent === g
  })
}

/** Past image conversations of a project, newest first, searchable; read only while `shown`. */
export function useConversationHistory(project: Ref<string | null>, shown: Ref<boolean>) {
  const conversations = ref<ConversationSummary[]>([])
  const search = ref('')
  const q = useDebounced(search, 250)
  const groups = computed(() => groupHistory(conversations.value))
  const { busy, error, run } = useAsync(async () => {
    if (!project.value) return
    const list = await listConversations(project.value, q.value)
    conversations.value = [...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at))
  })
  /** Read the list again if it is on screen; otherwise it is read when it opens. */
  const refresh = (): void => void (shown.value && run())
  watch(project, () => {
    conversations.value = []
    search.value = q.value = ''
    refresh()
  })
  watch([shown, q], refresh)

  const rename = useAsync(async (ids: string[], title: string) => {
    await Promise.all(ids.map((id) => renameConversation(id, title)))
    refresh()
  })
  /** Delete conversations; resolves to the number of pictures that went with them. */
  const remove = useAsync(async (ids: string[]) => {
    const answers = await Promise.all(ids.map((id) => deleteConversation(id)))
    refresh()
    return answers.reduce((sum, a) => sum + a.images_removed, 0)
  })
  return { conversations, groups, search, busy, error, refresh, rename, remove }
}
