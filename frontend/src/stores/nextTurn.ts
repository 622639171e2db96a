import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Region } from '@/api'

/** A turn to refine from other than the latest: the next send starts a branch there. */
export interface BranchPoint {
  conversationId: string
  turn: number
}

/** Where a box starts when one is asked for, before the user draws it: the middle of the picture. */
const MIDDLE: Region = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 }

/**
 * How the next send continues, when not simply from the latest picture: a branch from an
 * earlier turn, or a change inside a box drawn on the latest picture. Set beside the picture,
 * said and sent by the composer.
 */
export const useNextTurnStore = defineStore('nextTurn', () => {
  const branch = ref<BranchPoint | null>(null)
  const region = ref<Region | null>(null)

  function branchFrom(point: BranchPoint): void {
    region.value = null
    branch.value = point
  }

  function drawBox(): void {
    branch.value = null
    region.value = { ...MIDDLE }
  }

  function clear(): void {
    branch.value = null
    region.value = null
  }

  return { branch, region, branchFrom, drawBox, clear }
})
