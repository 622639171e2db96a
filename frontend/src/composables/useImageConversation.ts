import { ref, shallowRef } from 'vue'
import {
  ApiError,
  cancelConversation,
  generateImage,
  getConversation,
  streamImage,
  type Conversation,
  type GenerateRequest,
} from '@/api'
import { toApiError } from '@/api/errors'
import { cancelSentence } from '@/utils/cancelSentence'
import { lineageOf, type Parent } from './lineage'
import { progress, refusesStreamedBatch, type Pending } from './pendingTurn'
import { mergeRecorded, pictureRef, turnFromResponse, turnsFromConversation, type ImageRef, type ThreadTurn } from './threadTurns'

export type { Parent } from './lineage'
export type { Pending } from './pendingTurn'
export type { ImageRef, ThoughtEntry, ThreadTurn } from './threadTurns'

/** A request that starts a new conversation from an existing one: a branch or a finish. */
const startsFresh = (body: GenerateRequest): boolean => !!body.from_turn || !!body.finish_from

/**
 * One image conversation: its turns (a branch's begin with those it continues from), the request
 * in flight, and the image being looked at.
 */
export function useImageConversation() {
  const conversationId = ref<string | null>(null)
  const title = ref<string | null>(null)
  const ended = ref(false)
  const turns = ref<ThreadTurn[]>([])
  /** The image shown large: the latest, or one the user picked (a variation, an earlier turn). */
  const current = shallowRef<ImageRef | null>(null)
  const pending = ref<Pending | null>(null)
  const error = shallowRef<ApiError | null>(null)
  /** What a cancel did, in words (with what it could not stop, and its cost). */
  const cancelNote = ref<string | null>(null)
  /** The conversation as the server recorded it (settings and memories of each turn), after every turn. */
  const recorded = shallowRef<Conversation | null>(null)
  /** Where the open conversation branched from, if it is a branch. */
  const parent = ref<Parent | null>(null)
  let controller: AbortController | null = null

  /** The turns a new one follows: a branch keeps those up to its point, a finish none. */
  function kept(body: GenerateRequest): ThreadTurn[] {
    if (body.finish_from) return []
    const at = body.from_turn
    return at ? turns.value.filter((t) => t.turn <= at).map((t) => ({ ...t, inherited: true })) : turns.value
  }

  function accept(turn: ThreadTurn, body: GenerateRequest): void {
    if (startsFresh(body)) {
      turns.value = kept(body)
      parent.value = null
      ended.value = false
    }
    turns.value.push(turn)
    current.value = turn.image
    conversationId.value = turn.image.conversationId
  }

  /** The first `image` event is the turn; with n > 1 each later one is another variation of it. */
  async function runStream(project: string, body: GenerateRequest, signal: AbortSignal): Promise<void> {
    const batch = (body.n ?? 1) > 1
    let made: ThreadTurn | null = null
    await streamImage(project, body, (e) => {
      if (e.event !== 'image') return pending.value ? progress(pending.value, e) : undefined
      if (made && batch) {
        made.variations.push(pictureRef(e.data, e.data.conversation_id, e.data.turn))
        made.costUsd = (made.costUsd ?? 0) + (e.data.cost_usd ?? 0)
        return
      }
      accept(turnFromResponse(body.prompt, batch ? { ...e.data, variations: [e.data] } : e.data, body.use_search_grounding), body)
      made = turns.value[turns.value.length - 1] as ThreadTurn // the reactive one, so later variations show
    }, signal)
    if (!made) throw new ApiError('The model finished without sending an image.', 'no_image_returned')
  }

  /** Variations: streamed where the server can (so they can be cancelled), else in one request. */
  async function runBatch(project: string, body: GenerateRequest, signal: AbortSignal): Promise<void> {
    try {
      await runStream(project, body, signal)
    } catch (err) {
      if (!refusesStreamedBatch(err)) throw err
      accept(turnFromResponse(body.prompt, await generateImage(project, body, signal), body.use_search_grounding), body)
    }
  }

  /** Send a prompt as the next turn; resolves when done, with the outcome in `error`. */
  async function generate(project: string, request: GenerateRequest, maxUsd: number | null = null): Promise<boolean> {
    controller = new AbortController()
    const body = { conversation_id: conversationId.value, ...request }
    const count = request.n ?? 1
    pending.value = {
      conversationId: startsFresh(body) ? null : (body.conversation_id ?? null), prompt: request.prompt, startedAt: Date.now(), count, maxUsd,
      thoughts: '', interim: [], cancelling: false,
    }
    error.value = null
    cancelNote.value = null
    try {
      await (count > 1 ? runBatch(project, body, controller.signal) : runStream(project, body, controller.signal))
      await reread()
      return true
    } catch (err) {
      if (!pending.value?.cancelling) error.value = toApiError(err)
      return false
    } finally {
      pending.value = null
      controller = null
    }
  }

  /** Read the conversation again for what the server made of the turn; kept as it was if that fails. */
  async function reread(): Promise<void> {
    const id = conversationId.value
    if (!id) return
    const c = await getConversation(id).catch(() => null)
    if (!c || c.id !== conversationId.value) return
    recorded.value = c
    title.value = c.title
    if (c.parent_id && parent.value?.id !== c.parent_id) parent.value = (await lineageOf(c)).parent
    const stored = turnsFromConversation(c)
    const last = turns.value.length - 1
    if (last >= 0) turns.value[last] = mergeRecorded(turns.value[last] as ThreadTurn, stored[stored.length - 1])
  }

  /**
   * Stop the request in flight, and every variation of its batch. What had already arrived
   * cannot be stopped: it is kept, charged and said, with its cost. Without a conversation id
   * (variations the server will not stream) nothing can be stopped, and that is said too.
   */
  async function cancel(): Promise<void> {
    const p = pending.value
    if (!p || p.cancelling) return
    p.cancelling = true
    const outcome = p.conversationId ? await cancelConversation(p.conversationId).catch(() => null) : null
    cancelNote.value = cancelSentence(outcome, p.count, p.maxUsd)
    // What is finishing arrives on the open request; otherwise stop waiting for it.
    if (!outcome?.finishing) controller?.abort()
  }

  function reset(): void {
    if (pending.value) void cancel()
    conversationId.value = title.value = null
    ended.value = false
    turns.value = []
    current.value = null
    error.value = null
    cancelNote.value = null
    recorded.value = null
    parent.value = null
  }

  /** Open a past conversation, showing the given turn's image (by default the latest). */
  async function open(id: string, turn?: number): Promise<boolean> {
    try {
      const c = await getConversation(id)
      const lineage = await lineageOf(c)
      reset()
      conversationId.value = c.id
      title.value = c.title
      ended.value = c.ended ?? false
      parent.value = lineage.parent
      turns.value = [...lineage.turns, ...turnsFromConversation(c)]
      const shown = turns.value.find((t) => t.turn === turn) ?? turns.value[turns.value.length - 1]
      current.value = shown?.image ?? null
      recorded.value = c
      return true
    } catch (err) {
      error.value = toApiError(err)
      return false
    }
  }

  /** Show this image large. A variation also becomes the conversation that refining continues;
   * a turn a branch continues from does not (refining goes on in the branch). */
  function pick(image: ImageRef): void {
    current.value = image
    const inherited = turns.value.some((t) => t.inherited && t.image.conversationId === image.conversationId)
    if (!inherited) conversationId.value = image.conversationId
  }

  return {
    conversationId, title, ended, turns, current, pending, error, cancelNote, recorded, parent,
    generate, cancel, reset, open, pick,
  }
}
