import { ref, watch, type Ref } from 'vue'
import { getTags, getTypes, type NameCount } from '@/api'
import { useAsync } from './useAsync'

/** The types and tags of a project's memories, with their counts, for the filters. */
export function useMemoryFacets(project: Ref<string | null>) {
  const types = ref<NameCount[]>([])
  const tags = ref<NameCount[]>([])
  const { busy, error, run } = useAsync(async (id: string) => {
    const [t, g] = await Promise.all([getTypes(id), getTags(id)])
    types.value = t
    tags.value = g
  })
  const reload = (): void => void (project.value && run(project.value))
  watch(project, reload, { immediate: true })
  return { types, tags, busy, error, reload }
}
