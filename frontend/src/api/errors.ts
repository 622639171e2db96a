/** What a person can do about each error code the server sends. */
import { ApiError } from './http'

export type ErrorAction = 'retry' | 'use_local' | 'lower_size' | 'use_other_model' | 'reload'

export interface ErrorAdvice {
  hint: string
  actions: ErrorAction[]
}

const ADVICE: Record<string, ErrorAdvice> = {
  no_api_key: {
    hint: 'Add GEMINI_API_KEY to the server’s environment or .env file and restart it, or switch to the offline renderer.',
    actions: ['use_local'],
  },
  budget_exceeded: {
    hint: 'Today’s spending limit is reached. Raise the daily budget in the server settings, or use the offline renderer until tomorrow.',
    actions: ['use_local'],
  },
  blocked_prompt: {
    hint: 'Reword it, or untick memories that may trip the filter: their text is part of the prompt too.',
    actions: [],
  },
  image_withheld: {
    hint: 'The model made an image but withheld it for safety reasons. Rephrase the request and try again.',
    actions: [],
  },
  upstream_rate_limited: {
    hint: 'Gemini is receiving too many requests. Wait a minute and try again.',
    actions: ['retry'],
  },
  upstream_unavailable: {
    hint: 'Gemini is unavailable right now. Try again in a few minutes, or use the offline renderer.',
    actions: ['retry', 'use_local'],
  },
  upstream_timeout: {
    hint: 'Gemini took too long to answer. Try again, perhaps at a smaller size.',
    actions: ['retry', 'lower_size'],
  },
  model_not_found: {
    hint: 'This model is not available to your API key. Pick another model in the settings.',
    actions: ['use_other_model'],
  },
  quota_unavailable: {
    hint: 'This API key has no quota for this model (often: billing is not enabled). Pick another model, or enable billing for the key.',
    actions: ['use_other_model', 'use_local'],
  },
  unknown_model: {
    hint: 'The server does not know this model. Refresh the models in the settings and pick one of those offered.',
    actions: ['use_other_model'],
  },
  provider_not_configured: {
    hint: 'That renderer is not set up on the server. Use the offline renderer, or add its key and restart the server.',
    actions: ['use_local'],
  },
  turn_in_progress: {
    hint: 'This conversation is already making a picture. Wait for it to arrive (or cancel it), then send again.',
    actions: [],
  },
  invalid_ratio_for_model: {
    hint: 'Pick one of the aspect ratios this model offers in the settings, then send again.',
    actions: [],
  },
  no_image_returned: {
    hint: 'The model answered with text only. Ask explicitly for an image and try again.',
    actions: ['retry'],
  },
  invalid_size_for_model: {
    hint: 'This model does not make images of this size. Pick one of its sizes, or another model.',
    actions: ['lower_size', 'use_other_model'],
  },
  cancelled: { hint: 'Send it again when ready.', actions: [] },
  not_found: {
    hint: 'It may have been deleted or belong to another project. Reload the list and try again.',
    actions: ['reload'],
  },
  forbidden: {
    hint: 'Open the dashboard with the link that includes its access token.',
    actions: [],
  },
  validation_error: { hint: 'Check the highlighted setting and send again.', actions: [] },
  network: { hint: 'Start the server again (cortex-dashboard serve), then retry.', actions: ['retry'] },
}

const FALLBACK: ErrorAdvice = { hint: 'Try again. If it keeps failing, check the server’s log.', actions: ['retry'] }

export function adviceFor(code: string): ErrorAdvice {
  return ADVICE[code] ?? FALLBACK
}

/** Seconds to wait before trying again, when the server says (429's `detail.retry_after_s`). */
export function retryAfter(err: ApiError): number | null {
  const detail = err.detail as { retry_after_s?: unknown } | null | undefined
  return typeof detail?.retry_after_s === 'number' ? Math.ceil(detail.retry_after_s) : null
}

/** A message for people from anything thrown. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ApiError(`Something went wrong in the page: ${message}. Reload and try again.`, 'client_error')
}
