/** Types of the cortex-dashboard HTTP contract (see shared/DESIGN.md). */

export type ProjectKind = 'demo' | 'global' | 'registered' | 'scanned'

export interface Project {
  id: string
  name: string
  path: string
  kind: ProjectKind
  memory_count: number
  last_modified: string | null
}

export interface Memory {
  id: string
  content: string
  type: string
  tags: string[]
  context: string | null
  created_at: string | null
  updated_at: string | null
  last_accessed: string | null
  access_count: number
  importance_score: number
  status: string
  /** Only with a search: server-escaped HTML with matches in <mark>. */
  snippet?: string | null
}

export type MemorySort = 'created' | 'updated' | 'importance' | 'last_accessed' | 'relevance'

export interface MemoryQuery {
  q?: string
  type?: string
  tag?: string
  status?: string
  sort?: MemorySort
  limit?: number
  offset?: number
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

export interface NameCount {
  name: string
  count: number
}

export type ProviderId = 'gemini' | 'local'
export type ImageSize = '1K' | '2K' | '4K'

export interface ImageStatus {
  available: boolean
  message: string
  provider: ProviderId
  model: string | null
  providers: string[]
  key_set: boolean
}

export interface ModelInfo {
  id: string
  name: string
  sizes: ImageSize[]
  thinking: boolean
  search_grounding: boolean
}

export interface AspectRatioInfo {
  id: string
  sizes: Record<ImageSize, [number, number]>
}

export interface Preset {
  id: string
  name: string
  aspect_ratio: string
  guidance: string
}

export interface ImageOptions {
  models: ModelInfo[]
  aspect_ratios: AspectRatioInfo[]
  sizes: ImageSize[]
  presets: Preset[]
  prices: Record<string, Partial<Record<ImageSize, number>>>
  default_model: string
  default_provider?: ProviderId
}

export interface ChatTurnMessage {
  role: 'user' | 'assistant'
  content: string
}

export interface GenerateRequest {
  prompt: string
  memory_ids: string[]
  conversation_id?: string | null
  aspect_ratio: string
  image_size: ImageSize
  use_search_grounding: boolean
  preset: string
  provider?: ProviderId
  model?: string
  n?: number
  chat_messages?: ChatTurnMessage[]
  include_image_data?: boolean
}

export interface GroundingSource {
  title: string
  uri: string
}

export interface Grounding {
  sources: GroundingSource[]
  search_entry_point_html: string | null
  queries: string[]
}

export interface ContextReport {
  used: string[]
  shortened: string[]
  dropped: string[]
  estimated_tokens: number
}

export interface GeneratedImage {
  success: boolean
  image_data?: string | null
  text_response: string | null
  thought_signature: string | null
  error: string | null
  conversation_id: string
  turn: number
  image_id: string
  image_url: string
  thumbnail_url: string
  width: number
  height: number
  mime_type: string
  usage: Record<string, number> | null
  cost_usd: number | null
  context: ContextReport | null
  grounding?: Grounding | null
  provider?: string
  thoughts?: string[]
}

export interface VariationError {
  error: string
  error_code: string
}

export interface GenerateResponse extends GeneratedImage {
  variations?: GeneratedImage[] | null
  /** With n > 1: the variations that failed while others succeeded. */
  variation_errors?: VariationError[] | null
}

export interface ConversationSummary {
  id: string
  title: string
  provider: string
  model: string | null
  created_at: string
  updated_at: string
  turn_count: number
  thumbnail_url: string | null
  /** Cleared with clear-conversation: it can be viewed but not refined. */
  ended?: boolean
}

export interface ConversationTurn {
  turn: number
  prompt: string
  text: string | null
  image_id: string
  image_url: string
  thumbnail_url: string
  width: number
  height: number
  aspect_ratio: string
  image_size: ImageSize
  preset: string | null
  model: string | null
  memory_ids: string[]
  cost_usd: number | null
  created_at: string
  grounding: Grounding | null
  context?: ContextReport | null
}

export interface Conversation extends ConversationSummary {
  turns: ConversationTurn[]
}

export type ImageFormat = 'png' | 'jpeg' | 'webp'

export interface Usage {
  today_usd: number
  month_usd: number
  daily_budget_usd: number | null
  images_today: number
}

export interface ChatStatus {
  available: boolean
  provider: string
  model: string | null
  message: string
}

export interface ChatSource {
  n: number
  id: string
  type: string
  title: string
  snippet: string
}

export interface ChatRequest {
  question: string
  memory_ids?: string[]
  messages?: ChatTurnMessage[]
}

export interface ChatAnswer {
  answer: string
  sources: ChatSource[]
  model: string | null
  offline: boolean
}

export interface SavedMemory {
  success: boolean
  memory_id: string
}

/** Events of POST /api/image/generate/stream. */
export type ImageStreamEvent =
  | { event: 'start'; data: { conversation_id: string } }
  | { event: 'thought'; data: { text: string } }
  | { event: 'thought_image'; data: { image_data: string; mime_type: string } }
  | { event: 'image'; data: GeneratedImage }
  | { event: 'done'; data: { conversation_id?: string } }

/** Events of POST /api/chat/stream. */
export type ChatStreamEvent =
  | { event: 'sources'; data: { sources: ChatSource[] } }
  | { event: 'chunk'; data: { text: string } }
  | { event: 'done'; data: { answer: string; model: string | null; offline: boolean } }

export interface ErrorBody {
  success: false
  error: string
  error_code: string
  detail?: unknown
}
