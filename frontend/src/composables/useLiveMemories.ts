import { onScopeDispose, watch, type Ref } from 'vue'
import { eventsUrl, type MemoriesChanged } from '@/api'

/**
 * Calls `changed` whenever the project's memory database changes (Omni-Cortex wrote while
 * the page is open), from the server's event stream. The browser reconnects by itself.
 */
export function useLiveMemories(project: Ref<string | null>, changed: (event: MemoriesChanged) => void): void {
  let source: EventSource | null = null
  const stop = (): void => {
    source?.close()
    source = null
  }
  watch(
    project,
    (id) => {
      stop()
      if (!id || typeof EventSource === 'undefined') return
      source = new EventSource(eventsUrl(id))
      source.addEventListener('memories_changed', (e) => changed(JSON.parse((e as MessageEvent<string>).data) as MemoriesChanged))
    },
    { immediate: true },
  )
  onScopeDispose(stop)
}
