/** A stand-in for `fetch` that answers from a table of routes and records every call. */
import { vi } from 'vitest'

export interface Call {
  method: string
  url: URL
  headers: Record<string, string>
  body: unknown
}

type Answer = Response | ((call: Call) => Response | Promise<Response>)

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** An SSE response whose text arrives in the given chunks (split anywhere, as networks do). */
export function sse(chunks: string[]): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c))
      controller.close()
    },
  })
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
}

export function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
}

/** Install a fake fetch; routes are "METHOD /path" keys. Unknown routes answer 404 in the contract's shape. */
export function fakeFetch(routes: Record<string, Answer>) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError')
    const url = new URL(input, 'http://dashboard.test')
    const method = init.method ?? 'GET'
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body instanceof FormData ? init.body : undefined
    const call = { method, url, headers: { ...(init.headers as Record<string, string>) }, body }
    calls.push(call)
    const answer = routes[`${method} ${url.pathname}`]
    if (!answer) return json({ success: false, error: `No route ${url.pathname}.`, error_code: 'not_found' }, 404)
    return typeof answer === 'function' ? answer(call) : answer.clone()
  })
  vi.stubGlobal('fetch', fetch)
  return { fetch, calls }
}

/** An SSE response the test feeds by hand, to look at the page between events. */
export function liveSse() {
  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) })
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    fail: (err: unknown) => controller.error(err),
  }
}

export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
