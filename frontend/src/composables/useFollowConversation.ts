import { watch, type Ref } from 'vue'
import { getMemory, type Conversation, type Memory } from '@/api'
import { useImageSettingsStore } from '@/stores/imageSettings'
import { useSelectionStore } from '@/stores/selection'

/** Memories fetched a few at a time; the ones that no longer exist are left out. */
async function fetchMemories(project: string, ids: string[]): Promise<Map<string, Memory>> {
  const found = new Map<string, Memory>()
  const queue = [...ids]
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const m = await getMemory(project, id).catch(() => null)
      if (m) found.set(id, m)
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker))
  return found
}

/**
 * While a conversation is open, the settings and the memory chips show its latest turn as the
 * server recorded it, so a refinement continues from what the conversation is; a new
 * conversation starts from the remembered settings again.
 */
export function useFollowConversation(recorded: Ref<Conversation | null>, project: Ref<string | null>) {
  const settings = useImageSettingsStore()
  const selection = useSelectionStore()
  let latest = 0

  async function showMemories(ids: string[]): Promise<void> {
    const asked = ++latest
    const known = new Map(selection.memories.map((m) => [m.id, m]))
    const missing = ids.filter((id) => !known.has(id))
    const fetched = missing.length && project.value ? await fetchMemories(project.value, missing) : new Map<string, Memory>()
    if (asked !== latest) return
    selection.replace(ids.flatMap((id) => known.get(id) ?? fetched.get(id) ?? []))
  }

  watch(recorded, (c) => {
    const last = c?.turns[c.turns.length - 1]
    if (!c || !last) {
      latest++
      settings.release()
      return
    }
    settings.follow(c.provider, last)
    void showMemories(last.memory_ids)
  })
}
