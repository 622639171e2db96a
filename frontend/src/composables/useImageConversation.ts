import { ref, shallowRef } from 'vue'
import {
  ApiError,
  cancelConversation,
  generateImage,
  getConversation,
  streamImage,
  type Conversation,
  type ContextReport,
  type GeneratedImage,
  type GenerateRequest,
  type GenerateResponse,
  type Grounding,
} from '@/api'
import { toApiError } from '@/api/errors'

export interface ImageRef {
  id: string
  url: string
  thumbnailUrl: string
  width: number
  height: number
  conversationId: string
}

export interface ThreadTurn {
  turn: number
  prompt: string
  text: string | null
  image: ImageRef
  costUsd: number | null
  grounding: Grounding | null
  context: ContextReport | null
  /** Every image of a turn made with n > 1 (the first included); empty otherwise. */
  variations: ImageRef[]
  /** Sentences for the variations that failed while others were made. */
  failures: string[]
}

export interface Pending {
  /** Known as soon as the server has created or found the conversation (stream `start`). */
  conversationId: string | null
  prompt: string
  startedAt: number
  count: number
  thoughts: string
  interim: string[]
}

const toRef = (g: GeneratedImage): ImageRef => ({
  id: g.image_id,
  url: g.image_url,
  thumbnailUrl: g.thumbnail_url,
  width: g.width,
  height: g.height,
  conversationId: g.conversation_id,
})

function turnFromResponse(prompt: string, g: GenerateResponse): ThreadTurn {
  const variations = g.variations ?? []
  const all = variations.length ? [g, ...variations.filter((v) => v.image_id !== g.image_id)] : []
  const cost = all.length ? all.reduce((sum, v) => sum + (v.cost_usd ?? 0), 0) : g.cost_usd
  return {
    turn: g.turn, prompt, text: g.text_response, image: toRef(g), costUsd: cost,
    grounding: g.grounding ?? null, context: g.context, variations: all.map(toRef),
    failures: (g.variation_errors ?? []).map((e) => e.error),
  }
}

function turnsFromConversation(c: Conversation): ThreadTurn[] {
  return c.turns.map((t) => ({
    turn: t.turn, prompt: t.prompt, text: t.text, costUsd: t.cost_usd, grounding: t.grounding,
    context: t.context ?? null, variations: [], failures: [],
    image: { id: t.image_id, url: t.image_url, thumbnailUrl: t.thumbnail_url, width: t.width, height: t.height, conversationId: c.id },
  }))
}

/** One image conversation: its turns, the request in flight, and the image being refined. */
export function useImageConversation() {
  const conversationId = ref<string | null>(null)
  const title = ref<string | null>(null)
  const ended = ref(false)
  const turns = ref<ThreadTurn[]>([])
  const current = shallowRef<ImageRef | null>(null)
  const pending = ref<Pending | null>(null)
  const error = shallowRef<ApiError | null>(null)
  /** The conversation as the server recorded it (settings and memories of each turn), after every turn. */
  const recorded = shallowRef<Conversation | null>(null)
  let controller: AbortController | null = null

  function accept(turn: ThreadTurn): void {
    turns.value.push(turn)
    current.value = turn.image
    conversationId.value = turn.image.conversationId
  }

  async function runStream(project: string, body: GenerateRequest, signal: AbortSignal): Promise<void> {
    let got = false
    await streamImage(project, body, (e) => {
      const p = pending.value
      if (e.event === 'start' && p) p.conversationId = e.data.conversation_id
      if (e.event === 'thought' && p) p.thoughts += (p.thoughts ? '\n' : '') + e.data.text
      if (e.event === 'thought_image' && p) p.interim.push(`data:${e.data.mime_type};base64,${e.data.image_data}`)
      if (e.event === 'image') {
        got = true
        accept(turnFromResponse(body.prompt, e.data))
      }
    }, signal)
    if (!got) throw new ApiError('The model finished without sending an image.', 'no_image_returned')
  }

  /** Send a prompt as the next turn; resolves when done, with the outcome in `error`. */
  async function generate(project: string, request: GenerateRequest): Promise<boolean> {
    controller = new AbortController()
    const body = { ...request, conversation_id: conversationId.value }
    const count = request.n ?? 1
    pending.value = {
      conversationId: conversationId.value, prompt: request.prompt, startedAt: Date.now(), count, thoughts: '', interim: [],
    }
    error.value = null
    try {
      if (count > 1) {
        const r = await generateImage(project, body, controller.signal)
        accept(turnFromResponse(request.prompt, r))
      } else {
        await runStream(project, body, controller.signal)
      }
      await reread()
      return true
    } catch (err) {
      error.value = toApiError(err)
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
    if (c && c.id === conversationId.value) {
      recorded.value = c
      title.value = c.title
    }
  }

  function cancel(): void {
    const id = pending.value?.conversationId ?? null
    controller?.abort()
    if (id) void cancelConversation(id).catch(() => undefined)
  }

  function reset(): void {
    cancel()
    conversationId.value = title.value = null
    ended.value = false
    turns.value = []
    current.value = null
    error.value = null
    recorded.value = null
  }

  async function open(id: string): Promise<void> {
    try {
      const c = await getConversation(id)
      reset()
      conversationId.value = c.id
      title.value = c.title
      ended.value = c.ended ?? false
      turns.value = turnsFromConversation(c)
      current.value = turns.value[turns.value.length - 1]?.image ?? null
      recorded.value = c
    } catch (err) {
      error.value = toApiError(err)
    }
  }

  /** Show this image large; for a variation, refining continues from it. */
  function pick(image: ImageRef): void {
    current.value = image
    conversationId.value = image.conversationId
  }

  return { conversationId, title, ended, turns, current, pending, error, recorded, generate, cancel, reset, open, pick }
}
