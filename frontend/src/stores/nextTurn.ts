import { defineStore } from 'pinia'
import { ref } from 'vue'

/** A turn to refine from other than the latest: the next send starts a branch there. */
export interface BranchPoint {
  conversationId: string
  turn: number
}

/**
 * How the next send continues, when not simply from the latest picture: a branch from an
 * earlier turn. Set beside the picture, said and sent by the composer.
 */
export const useNextTurnStore = defineStore('nextTurn', () => {
  const branch = ref<BranchPoint | null>(null)

  function branchFrom(point: BranchPoint): void {
    branch.value = point
  }

  function clear(): void {
    branch.value = null
  }

  return { branch, branchFrom, clear }
})
