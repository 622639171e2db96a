/** The endpoints of the dashboard's HTTP API that the page calls, one function each. */
import { buildUrl, download, eventSourceUrl, request, stream, type Download } from './http'
import type {
  ChatRequest,
  ChatSource,
  ChatStatus,
  ChatStreamEvent,
  ChatTurnMessage,
  CancelOutcome,
  Conversation,
  ConversationSummary,
  DeletedConversation,
  GenerateRequest,
  GenerateResponse,
  ImageFormat,
  ImageOptions,
  ImageStatus,
  ImageStreamEvent,
  Memory,
  MemoryQuery,
  NameCount,
  Page,
  Project,
  ReferenceImage,
  SavedMemory,
  SeriesRequest,
  SeriesResponse,
  Usage,
} from './types'

export { ApiError, captureToken } from './http'
export type { Download } from './http'
export * from './types'

const enc = encodeURIComponent

export const getProjects = (): Promise<Project[]> => request('GET', '/api/projects')

export function listMemories(project: string, query: MemoryQuery, signal?: AbortSignal): Promise<Page<Memory>> {
  return request('GET', '/api/memories', { query: { project, ...query }, signal })
}

export const getMemory = (project: string, id: string): Promise<Memory> =>
  request('GET', `/api/memories/${enc(id)}`, { query: { project } })

export const getTypes = (project: string): Promise<NameCount[]> =>
  request('GET', '/api/types', { query: { project } })

export const getTags = (project: string): Promise<NameCount[]> =>
  request('GET', '/api/tags', { query: { project } })

/** `refresh` asks the server to ask Gemini again which models this key may use. */
export const getImageStatus = (refresh = false): Promise<ImageStatus> =>
  request('GET', '/api/image/status', { query: { refresh: refresh || undefined } })
export const getImageOptions = (refresh = false): Promise<ImageOptions> =>
  request('GET', '/api/image/options', { query: { refresh: refresh || undefined } })
export const getUsage = (): Promise<Usage> => request('GET', '/api/image/usage')

export function generateImage(project: string, body: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
  return request('POST', '/api/image/generate', {
    query: { project },
    body: { ...body, include_image_data: false },
    signal,
  })
}

export function streamImage(
  project: string,
  body: GenerateRequest,
  onEvent: (event: ImageStreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const opts = { query: { project }, body: { ...body, include_image_data: false }, signal }
  return stream('/api/image/generate/stream', opts, (m) => onEvent(m as ImageStreamEvent))
}

/** Upload a picture for the model to look at; the server strips its metadata. */
export function uploadReference(file: Blob, name: string, label = '', signal?: AbortSignal): Promise<ReferenceImage> {
  const form = new FormData()
  form.append('file', file, name)
  if (label.trim()) form.append('label', label.trim())
  return request('POST', '/api/image/references', { body: form, signal })
}

/** A consistent series; answered once every picture is made (it takes a while). */
export function makeSeries(project: string, body: SeriesRequest, signal?: AbortSignal): Promise<SeriesResponse> {
  return request('POST', '/api/image/series', { query: { project }, body: { ...body, include_image_data: false }, signal })
}

export const downloadSeries = (batchId: string): Promise<Download> =>
  download(`/api/image/batches/${enc(batchId)}/archive`, `series-${batchId}.zip`)

export const cancelConversation = (id: string): Promise<CancelOutcome> =>
  request('POST', `/api/image/conversations/${enc(id)}/cancel`, { body: {} })

export const listConversations = (project: string, q = '', signal?: AbortSignal): Promise<ConversationSummary[]> =>
  request('GET', '/api/image/conversations', { query: { project, q: q.trim(), limit: 200 }, signal })

export const renameConversation = (id: string, title: string): Promise<ConversationSummary> =>
  request('PATCH', `/api/image/conversations/${enc(id)}`, { body: { title } })

export const deleteConversation = (id: string): Promise<DeletedConversation> =>
  request('DELETE', `/api/image/conversations/${enc(id)}`)

export const getConversation = (id: string): Promise<Conversation> =>
  request('GET', `/api/image/conversations/${enc(id)}`)

export const downloadArchive = (id: string): Promise<Download> =>
  download(`/api/image/conversations/${enc(id)}/archive`, `conversation-${id}.zip`)

export interface ImageUrlOptions {
  format?: ImageFormat
  quality?: number
  width?: number
  download?: boolean
}

/** Address of an image's bytes, for <img src> and links. */
export function imageUrl(id: string, opts: ImageUrlOptions = {}): string {
  const { format, quality, width } = opts
  return buildUrl(`/api/image/images/${enc(id)}`, { format, quality, width, download: opts.download ? 1 : undefined })
}

export function downloadImage(id: string, format: ImageFormat, quality?: number): Promise<Download> {
  const query = { format, quality: format === 'png' ? undefined : quality, download: 1 }
  const ext = format === 'jpeg' ? 'jpg' : format
  return download(`/api/image/images/${enc(id)}`, `image-${id}.${ext}`, { query })
}

export const saveImageAsMemory = (project: string, id: string, tags: string[] = []): Promise<SavedMemory> =>
  request('POST', `/api/image/images/${enc(id)}/save-as-memory`, { query: { project }, body: { tags } })

export const getChatStatus = (refresh = false): Promise<ChatStatus> =>
  request('GET', '/api/chat/status', { query: { refresh: refresh || undefined } })

/** The address of the live updates of a project, for an EventSource. */
export const eventsUrl = (project: string): string => eventSourceUrl('/api/events', { project })

export function streamChat(
  project: string,
  body: ChatRequest,
  onEvent: (event: ChatStreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  return stream('/api/chat/stream', { query: { project }, body, signal }, (m) => onEvent(m as ChatStreamEvent))
}

export interface ChatTranscript {
  messages: ChatTurnMessage[]
  sources: ChatSource[]
}

export const saveChatAsMemory = (project: string, body: ChatTranscript): Promise<SavedMemory> =>
  request('POST', '/api/chat/save-as-memory', { query: { project }, body })

export const exportChat = (body: ChatTranscript): Promise<Download> =>
  download('/api/chat/export', 'chat.md', { body })
