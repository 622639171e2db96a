import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getProjects, type Project } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'

const KEY = 'cortex.project'

/** The projects the server offers and the one being looked at. */
export const useProjectStore = defineStore('project', () => {
  const projects = ref<Project[]>([])
  const currentId = ref<string | null>(localStorage.getItem(KEY))
  const loading = ref(false)
  const error = ref<ApiError | null>(null)

  const current = computed(() => projects.value.find((p) => p.id === currentId.value) ?? null)

  function select(id: string): void {
    currentId.value = id
    localStorage.setItem(KEY, id)
  }

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      projects.value = await getProjects()
      const known = projects.value.some((p) => p.id === currentId.value)
      const first = projects.value[0]
      if (!known && first) select(first.id)
    } catch (err) {
      error.value = toApiError(err)
    } finally {
      loading.value = false
    }
  }

  /** A project's memory count, as a live update reports it. */
  function setCount(id: string, count: number): void {
    const found = projects.value.find((p) => p.id === id)
    if (found) found.memory_count = count
  }

  return { projects, currentId, current, loading, error, select, load, setCount }
})
