import { ref, shallowRef, watch, type Ref } from 'vue'
import { listMemories, type Memory, type MemorySort } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'
import { useDebounced } from './useDebounced'

const PAGE_SIZE = 200

/** One project's memories under the current search, filters and sort, fetched a page at a time. */
export function useMemoryList(project: Ref<string | null>) {
  const search = ref('')
  const q = useDebounced(search, 250)
  const type = ref('')
  const tag = ref('')
  const status = ref('')
  const sort = ref<MemorySort>('created')
  const items = shallowRef<Memory[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let controller = new AbortController()
  let generation = 0
  /** Changes with each new search, filter, sort or project (not when the same list is read again). */
  const listId = ref(0)

  async function load(reset: boolean): Promise<void> {
    if (!project.value) return
    if (reset) {
      controller.abort()
      controller = new AbortController()
      generation += 1
      listId.value = generation
    }
    const mine = generation
    loading.value = true
    error.value = null
    const query = { q: q.value.trim(), type: type.value, tag: tag.value, status: status.value, sort: sort.value }
    const offset = reset ? 0 : items.value.length
    try {
      const page = await listMemories(project.value, { ...query, limit: PAGE_SIZE, offset }, controller.signal)
      if (mine !== generation) return
      items.value = reset ? page.items : [...items.value, ...page.items]
      total.value = page.total
    } catch (err) {
      if (mine === generation) error.value = toApiError(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /**
   * Read the memories shown so far again (the database changed), keeping the same search and
   * filters: the list stays where it is, so the user's place and selection stay too.
   */
  async function refresh(): Promise<void> {
    if (!project.value || loading.value) return
    const mine = generation
    const query = { q: q.value.trim(), type: type.value, tag: tag.value, status: status.value, sort: sort.value }
    const offsets = Array.from({ length: Math.max(1, Math.ceil(items.value.length / PAGE_SIZE)) }, (_, i) => i * PAGE_SIZE)
    try {
      const pages = await Promise.all(offsets.map((offset) => listMemories(project.value as string, { ...query, limit: PAGE_SIZE, offset })))
      if (mine !== generation) return
      items.value = pages.flatMap((p) => p.items)
      total.value = pages[0]?.total ?? total.value
    } catch {
      // A failed refresh leaves the list as it was; the next change tries again.
    }
  }

  function loadMore(): void {
    if (!loading.value && !error.value && items.value.length < total.value) void load(false)
  }

  /** Searching sorts by relevance, and no search by date; at once, so the new sort goes with the same request. */
  watch(
    q,
    (text, before) => {
      if (text.trim() && !before.trim() && sort.value === 'created') sort.value = 'relevance'
      if (!text.trim() && sort.value === 'relevance') sort.value = 'created'
    },
    { flush: 'sync' },
  )
  /** A new project starts without a search or filters, in one request (not a second one when the search settles). */
  watch(project, () => {
    search.value = q.value = ''
    type.value = tag.value = status.value = ''
  })
  watch([project, q, type, tag, status, sort], () => void load(true), { immediate: true })

  return { search, q, type, tag, status, sort, items, total, loading, error, listId, loadMore, refresh, reload: () => load(true) }
}
