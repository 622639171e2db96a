/** A branch's history: the turns it continues from, read from the conversations it branched from. */
import { getConversation, type Conversation } from '@/api'
import { turnsFromConversation, type ThreadTurn } from './threadTurns'

/** Where a branch starts: the conversation and turn it continues from. */
export interface Parent {
  id: string
  title: string
  turn: number
}

export interface Lineage {
  parent: Parent | null
  /** Turns 1 to the branch point, oldest first, from its parent (and theirs). */
  turns: ThreadTurn[]
}

const NONE: Lineage = { parent: null, turns: [] }
/** Branches of branches of…: how far up to read. */
const DEPTH = 8

/** The turns a conversation continues from; what cannot be read is left out. */
export async function lineageOf(c: Conversation, read = getConversation, depth = DEPTH): Promise<Lineage> {
  const at = c.parent_turn
  if (!c.parent_id || !at || depth === 0) return NONE
  const parent = await read(c.parent_id).catch(() => null)
  if (!parent) return NONE
  const earlier = await lineageOf(parent, read, depth - 1)
  const turns = [...earlier.turns, ...turnsFromConversation(parent)].filter((t) => t.turn <= at)
  return { parent: { id: parent.id, title: parent.title, turn: at }, turns: turns.map((t) => ({ ...t, inherited: true })) }
}
