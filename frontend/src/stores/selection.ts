import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Memory } from '@/api'

/** Rough token count of a memory as the server will put it in a prompt (about 4 characters a token). */
export function estimateTokens(memory: Memory): number {
  const chars = memory.content.length + (memory.context?.length ?? 0) + memory.tags.join(', ').length + memory.type.length
  return Math.ceil(chars / 4) + 12
}

/** The memories chosen as context for Chat and Generate, kept across searches and filters. */
export const useSelectionStore = defineStore('selection', () => {
  const selected = ref<Map<string, Memory>>(new Map())

  const ids = computed(() => [...selected.value.keys()])
  const memories = computed(() => [...selected.value.values()])
  const count = computed(() => selected.value.size)
  const estimatedTokens = computed(() => memories.value.reduce((sum, m) => sum + estimateTokens(m), 0))

  const isSelected = (id: string): boolean => selected.value.has(id)

  function toggle(memory: Memory): void {
    if (selected.value.has(memory.id)) selected.value.delete(memory.id)
    else selected.value.set(memory.id, memory)
  }

  function selectAll(list: Memory[]): void {
    for (const m of list) selected.value.set(m.id, m)
  }

  function remove(id: string): void {
    selected.value.delete(id)
  }

  function clear(): void {
    selected.value.clear()
  }

  /** Select exactly these memories, in this order (the order a picture lists them in). */
  function replace(list: Memory[]): void {
    selected.value = new Map(list.map((m) => [m.id, m]))
  }

  return { selected, ids, memories, count, estimatedTokens, isSelected, toggle, selectAll, remove, clear, replace }
})
