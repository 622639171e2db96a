/** A turn being made: what the page shows of it while the model works. */
import { ApiError, type ImageStreamEvent } from '@/api'

export interface Pending {
  /** Known as soon as the server has created or found the conversation (stream `start`). */
  conversationId: string | null
  prompt: string
  startedAt: number
  count: number
  /** The most the request may cost (shown when it cannot be stopped). */
  maxUsd: number | null
  thoughts: string
  interim: string[]
  /** Cancel was asked for: what happened is in `cancelNote`. */
  cancelling: boolean
}

/** The server does not stream variations yet: it refuses n > 1 on the stream, naming `n`. */
export function refusesStreamedBatch(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.code !== 'validation_error') return false
  return JSON.stringify(err.detail ?? '').includes('"n"')
}

/** What the stream says while the model works: the conversation, its thoughts, its drafts. */
export function progress(p: Pending, e: ImageStreamEvent): void {
  if (e.event === 'start') p.conversationId = e.data.conversation_id
  if (e.event === 'thought') p.thoughts += (p.thoughts ? '\n' : '') + e.data.text
  if (e.event === 'thought_image') p.interim.push(`data:${e.data.mime_type};base64,${e.data.image_data}`)
}
