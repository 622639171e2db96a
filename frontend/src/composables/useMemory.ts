import { ref, watch, type Ref } from 'vue'
import { getMemory, type Memory } from '@/api'
import { useAsync } from './useAsync'

/** One memory, fetched whenever the id (or project) changes. */
export function useMemory(project: Ref<string | null>, id: Ref<string | null>) {
  const memory = ref<Memory | null>(null)
  const { busy, error, run } = useAsync(async (p: string, m: string) => {
    memory.value = await getMemory(p, m)
  })
  watch(
    [project, id],
    ([p, m]) => {
      memory.value = null
      if (p && m) void run(p, m)
    },
    { immediate: true },
  )
  return { memory, busy, error }
}
