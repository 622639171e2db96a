import { describe, expect, it } from 'vitest'
import { adviceFor, toApiError } from './errors'
import { ApiError } from './http'

const CONTRACT_CODES = [
  'no_api_key', 'budget_exceeded', 'blocked_prompt', 'image_withheld', 'upstream_rate_limited',
  'upstream_unavailable', 'upstream_timeout', 'model_not_found', 'no_image_returned',
  'invalid_size_for_model', 'cancelled', 'not_found', 'forbidden', 'validation_error',
]

describe('adviceFor', () => {
  it.each(CONTRACT_CODES)('tells what to do next for %s', (code) => {
    expect(adviceFor(code).hint).not.toBe(adviceFor('never-heard-of-it').hint)
  })

  it('offers the offline renderer when no key is set', () => {
    expect(adviceFor('no_api_key').hint).toMatch(/GEMINI_API_KEY/)
    expect(adviceFor('no_api_key').actions).toContain('use_local')
  })

  it('offers a smaller size or the Pro model for an invalid size', () => {
    expect(adviceFor('invalid_size_for_model').actions).toEqual(['lower_size', 'use_other_model'])
  })
})

describe('toApiError', () => {
  it('keeps an ApiError as it is', () => {
    const err = new ApiError('x', 'blocked_prompt')
    expect(toApiError(err)).toBe(err)
  })

  it('wraps a page bug in a sentence', () => {
    expect(toApiError(new TypeError('x is undefined')).message).toMatch(/x is undefined.*Reload/)
  })
})
