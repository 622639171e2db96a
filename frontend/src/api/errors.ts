/** What a person can do about each error code the server sends. */
import { ApiError } from './http'

export type ErrorAction = 'retry' | 'use_local' | 'lower_size' | 'use_pro' | 'reload'

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
    actions: ['use_pro'],
  },
  no_image_returned: {
    hint: 'The model answered with text only. Ask explicitly for an image and try again.',
    actions: ['retry'],
  },
  invalid_size_for_model: {
    hint: 'This model cannot make images this large. Lower the size, or pick Nano Banana Pro.',
    actions: ['lower_size', 'use_pro'],
  },
  cancelled: { hint: 'Nothing more will happen for this request. Send it again when ready.', actions: [] },
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

/** A message for people from anything thrown. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ApiError(`Something went wrong in the page: ${message}. Reload and try again.`, 'client_error')
}
