/** Turns of an image conversation as the page shows them, from the server's two shapes. */
import type { Conversation, ConversationTurn, GeneratedImage, GenerateResponse, Picture, ReferenceImage, Thought } from '@/api'
import type { ContextReport, Grounding } from '@/api'

export interface ImageRef {
  id: string
  url: string
  thumbnailUrl: string
  width: number
  height: number
  conversationId: string
  /** The turn that made it. */
  turn: number
}

/** A picture a turn sent for the model to look at, and what it was for. */
export interface SentReference {
  id: string
  label: string
  role: string
  thumbnailUrl: string
  url: string
}

export type ThoughtEntry = { kind: 'text'; text: string } | { kind: 'image'; image: ImageRef }

export interface ThreadTurn {
  turn: number
  prompt: string
  text: string | null
  /** The answer's final picture (the last of `images`). */
  image: ImageRef
  /** Every final picture of the answer: usually one, sometimes more to pick from. */
  images: ImageRef[]
  costUsd: number | null
  grounding: Grounding | null
  groundingAsked: boolean
  context: ContextReport | null
  /** Every image of a turn made with n > 1 (the first included); empty otherwise. */
  variations: ImageRef[]
  /** Sentences for the variations that failed while others were made. */
  failures: string[]
  /** The model's thinking and its draft pictures, kept with the turn. */
  thoughts: ThoughtEntry[]
  /** What the server wants said about this turn. */
  notices: string[]
  /** The title the offline renderer drew, editable; null when the provider does not say. */
  title: string | null
  model: string | null
  /** The reference pictures sent with it (known once the server's record is read). */
  references: SentReference[]
  /** A turn of the conversation this one branched from (its own id is the parent's). */
  inherited?: boolean
}

export function pictureRef(p: Picture, conversationId: string, turn: number): ImageRef {
  return { id: p.image_id, url: p.image_url, thumbnailUrl: p.thumbnail_url, width: p.width, height: p.height, conversationId, turn }
}

function thoughtsOf(list: Thought[] | undefined, conversationId: string, turn: number): ThoughtEntry[] {
  return (list ?? []).flatMap((t): ThoughtEntry[] => {
    if (t.kind === 'image' && t.image) return [{ kind: 'image', image: pictureRef(t.image, conversationId, turn) }]
    return t.text ? [{ kind: 'text', text: t.text }] : []
  })
}

const sentReference = (r: ReferenceImage): SentReference => ({
  id: r.id, label: r.label, role: r.role, thumbnailUrl: r.thumbnail_url, url: r.image_url,
})

type Answer = Picture & { images?: Picture[]; thoughts?: Thought[] }

/** What a turn made, from either shape: the final picture, every final picture, the thoughts. */
function made(a: Answer, conversationId: string, turn: number) {
  const image = pictureRef(a, conversationId, turn)
  const images = (a.images?.length ? a.images : [a]).map((p) => pictureRef(p, conversationId, turn))
  return { image, images, thoughts: thoughtsOf(a.thoughts, conversationId, turn) }
}

export function turnFromResponse(prompt: string, g: GenerateResponse, groundingAsked: boolean): ThreadTurn {
  const variations = g.variations ?? []
  const all: GeneratedImage[] = variations.length ? [g, ...variations.filter((v) => v.image_id !== g.image_id)] : []
  const cost = all.length ? all.reduce((sum, v) => sum + (v.cost_usd ?? 0), 0) : g.cost_usd
  return {
    turn: g.turn, prompt, text: g.text_response, costUsd: cost, grounding: g.grounding ?? null, groundingAsked,
    context: g.context, variations: all.map((v) => pictureRef(v, v.conversation_id, v.turn)),
    failures: (g.variation_errors ?? []).map((e) => e.error), notices: [...new Set(all.length ? all.flatMap((v) => v.notices ?? []) : (g.notices ?? []))],
    title: null, model: g.model ?? null, references: [], ...made(g, g.conversation_id, g.turn),
  }
}

function turnFromRecord(c: Conversation, t: ConversationTurn): ThreadTurn {
  return {
    turn: t.turn, prompt: t.prompt, text: t.text, costUsd: t.cost_usd, grounding: t.grounding,
    groundingAsked: t.use_search_grounding ?? false, context: t.context ?? null, variations: [], failures: [],
    notices: t.notices ?? [], title: t.title ?? null, model: t.model, references: (t.references ?? []).map(sentReference),
    ...made({ ...t, mime_type: '' }, c.id, t.turn),
  }
}

export const turnsFromConversation = (c: Conversation): ThreadTurn[] => c.turns.map((t) => turnFromRecord(c, t))

/** The server's record is the truth for stored fields (title, notices); a fresh answer knows its variations. */
export function mergeRecorded(turn: ThreadTurn, recorded: ThreadTurn | undefined): ThreadTurn {
  if (!recorded) return turn
  return { ...recorded, variations: turn.variations, failures: turn.failures, costUsd: turn.costUsd ?? recorded.costUsd }
}
