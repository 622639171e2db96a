/**
 * The only place that calls fetch: URLs, the bearer token, JSON, errors, SSE.
 * Every failure becomes an ApiError carrying a sentence for people and a code.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { ErrorBody } from './types'

const TOKEN_KEY = 'cortex.token'

export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly detail: unknown

  constructor(message: string, code: string, status = 0, detail?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.detail = detail
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

/** Keep a `?token=` from the page URL for this tab, and drop it from the address bar. */
export function captureToken(location: Location = window.location): void {
  const url = new URL(location.href)
  const token = url.searchParams.get('token')
  if (!token) return
  sessionStorage.setItem(TOKEN_KEY, token)
  url.searchParams.delete('token')
  window.history.replaceState(null, '', url.pathname + url.search + url.hash)
}

function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY)
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** An address for an EventSource, which cannot send headers: the token goes in the query. */
export function eventSourceUrl(path: string, query: Query = {}): string {
  return buildUrl(path, { ...query, token: sessionStorage.getItem(TOKEN_KEY) })
}

function statusSentence(status: number): string {
  if (status === 401 || status === 403)
    return 'The server refused the request. Open the dashboard with the link that includes its token.'
  if (status === 404) return 'The server does not know this address. Update the dashboard and reload.'
  if (status >= 500) return 'The server hit an unexpected error. Try again; if it persists, check its log.'
  return `The server answered with status ${status}. Try again.`
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null
  if (body && typeof body.error === 'string') {
    return new ApiError(body.error, body.error_code ?? 'error', response.status, body.detail)
  }
  return new ApiError(statusSentence(response.status), 'http_error', response.status)
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetch(url, init)
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') {
      throw new ApiError('Cancelled.', 'cancelled')
    }
    throw new ApiError(
      'The dashboard server cannot be reached. Check that it is still running, then try again.',
      'network',
    )
  }
  if (!response.ok) throw await errorFrom(response)
  return response
}

/** A FormData body goes as multipart (the browser writes its boundary); anything else as JSON. */
function init(method: string, body: unknown, signal?: AbortSignal, accept = 'application/json'): RequestInit {
  const headers: Record<string, string> = { Accept: accept, ...authHeaders() }
  if (body instanceof FormData) return { method, headers, signal, body }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  return { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) }
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const response = await send(buildUrl(path, opts.query), init(method, opts.body, opts.signal))
  const data = (await response.json()) as T
  const failed = data as Partial<ErrorBody> | null
  if (failed && failed.success === false && typeof failed.error === 'string') {
    throw new ApiError(failed.error, failed.error_code ?? 'error', response.status, failed.detail)
  }
  return data
}

export interface Download {
  blob: Blob
  filename: string
}

function filenameFrom(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star?.[1]) return decodeURIComponent(star[1])
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain?.[1] ?? fallback
}

/** Fetch a file (GET, or POST with a JSON body) as a Blob with the server's file name. */
export async function download(path: string, fallback: string, opts: RequestOptions = {}): Promise<Download> {
  const method = opts.body === undefined ? 'GET' : 'POST'
  const response = await send(buildUrl(path, opts.query), init(method, opts.body, opts.signal))
  return { blob: await response.blob(), filename: filenameFrom(response, fallback) }
}

export interface StreamMessage {
  event: string
  data: unknown
}

/**
 * POST a JSON body and hand each server-sent event to `onEvent` as it arrives.
 * An `error` event ends the stream with an ApiError.
 */
export async function stream(
  path: string,
  opts: RequestOptions,
  onEvent: (message: StreamMessage) => void,
): Promise<void> {
  const url = buildUrl(path, opts.query)
  const response = await send(url, init('POST', opts.body, opts.signal, 'text/event-stream'))
  if (!response.body) throw new ApiError('The server sent an empty answer. Try again.', 'empty_stream')
  let failure: ApiError | null = null
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const data: unknown = message.data ? JSON.parse(message.data) : {}
      if (message.event === 'error') {
        const body = data as Partial<ErrorBody>
        failure = new ApiError(body.error ?? 'The stream failed. Try again.', body.error_code ?? 'error')
        return
      }
      onEvent({ event: message.event ?? 'message', data })
    },
  })
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(value)
      if (failure) throw failure
    }
  } catch (err) {
    void reader.cancel().catch(() => undefined)
    if (err instanceof ApiError) throw err
    if (err instanceof DOMException && err.name === 'AbortError') throw new ApiError('Cancelled.', 'cancelled')
    throw new ApiError('The connection to the server broke off. Try again.', 'network')
  }
}
