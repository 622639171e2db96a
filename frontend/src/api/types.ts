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

/** A provider id from `/api/image/options` (today `gemini` or `local`); data, never a fixed list. */
export type ProviderId = string
/** An image size as a model names it ("512", "1K", "2K", "4K"); each model lists its own. */
export type ImageSize = string

export interface ProviderInfo {
  name: ProviderId
  label: string
  paid: boolean
  /** Set up and able to serve requests (Gemini needs a key). */
  ready: boolean
  message: string
}

export interface ImageStatus {
  available: boolean
  message: string
  provider: ProviderId
  model: string
  providers: ProviderInfo[]
  key_set: boolean
  notices: string[]
}

export type ThinkingMode = 'always' | 'levels' | 'none'

export interface ModelInfo {
  id: string
  name: string
  provider: ProviderId
  paid: boolean
  lifecycle: string
  /** Whether this key may use it; null when the server could not tell. */
  available: boolean | null
  ratios: string[]
  sizes: ImageSize[]
  default_size: ImageSize
  /** Published width and height by ratio and size, only where published. */
  pixel_sizes: Record<string, Record<ImageSize, [number, number]>>
  /** USD per output image, by size. */
  prices: Record<ImageSize, number>
  input_image_price: number | null
  /** Sizes to confirm before spending. */
  confirm_sizes: ImageSize[]
  thinking: ThinkingMode
  thinking_levels: string[]
  grounding: string[]
  max_reference_images: number
}

export interface Preset {
  id: string
  name: string
  aspect_ratio: string
  guidance: string
}

export interface ImageOptions {
  providers: ProviderInfo[]
  models: ModelInfo[]
  presets: Preset[]
  default_provider: ProviderId
  default_model: string
  notices: string[]
}

export interface ChatTurnMessage {
  role: 'user' | 'assistant'
  content: string
}

/** What a reference picture is for; the server reads it from the label when not given. */
export type ReferenceRole = 'object' | 'person' | 'style' | 'logo' | 'draft' | 'region'

/** A picture sent for the model to look at: an upload, or a picture the dashboard made. */
export interface ReferenceImage {
  id: string
  width: number
  height: number
  mime_type: string
  thumbnail_url: string
  image_url: string
  /** What it is for, in the user's words. */
  label: string
  role: ReferenceRole | string
}

/** A reference as a request names it: the picture, and optionally what it is for. */
export interface ReferenceAsk {
  id: string
  label?: string
  role?: ReferenceRole
}

/** A box on the current picture, as fractions of its width and height. */
export interface Region {
  x: number
  y: number
  width: number
  height: number
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
  thinking_level?: string
  n?: number
  chat_messages?: ChatTurnMessage[]
  include_image_data?: boolean
  reference_image_ids?: string[]
  references?: ReferenceAsk[]
  /** With `conversation_id`: a new conversation from turns 1 to N of that one (a branch). */
  from_turn?: number
  /** A draft conversation whose last picture this new conversation finishes. */
  finish_from?: string
  /** With `conversation_id`: change only this box of the current picture. */
  region?: Region
}

export type SeriesGrouping = 'tag' | 'type' | 'period' | 'groups'

/** 2-8 pictures from one selection, one per group; picture 1 is the others' style reference. */
export interface SeriesRequest {
  prompt: string
  memory_ids: string[]
  group_by: SeriesGrouping
  /** With `group_by: 'groups'`: the memory ids of each picture. */
  groups?: string[][]
  count: number
  preset: string
  aspect_ratio?: string
  image_size?: ImageSize
  model?: string
  provider?: ProviderId
  reference_image_ids?: string[]
}

export interface SeriesGroup {
  label: string
  memory_ids: string[]
}

export interface SeriesResponse {
  batch_id: string
  groups: SeriesGroup[]
  pictures: GeneratedImage[]
  errors: VariationError[]
  archive_url: string
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

/** A stored picture: a final image of an answer, or a draft the model drew while thinking. */
export interface Picture {
  image_id: string
  image_url: string
  thumbnail_url: string
  width: number
  height: number
  mime_type: string
}

export type Thought = { kind: 'text'; text: string; image?: null } | { kind: 'image'; text?: string; image: Picture }

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
  model?: string
  thoughts?: Thought[]
  /** Every final picture of the answer; the last is `image_id`. */
  images?: Picture[]
  /** Sentences to show with the turn. */
  notices?: string[]
  request_bytes?: number
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

export type ConversationSource = 'web' | 'cli' | 'mcp'

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
  /** Variations made together share it. */
  batch_id?: string | null
  source?: ConversationSource | string
  parent_id?: string | null
  parent_turn?: number | null
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
  images?: Picture[]
  thoughts?: Thought[]
  notices?: string[]
  use_search_grounding?: boolean
  /** The title the offline renderer drew; null for Gemini. */
  title?: string | null
  /** The pictures sent with this turn for the model to look at. */
  references?: ReferenceImage[]
}

export interface Conversation extends ConversationSummary {
  turns: ConversationTurn[]
}

export interface CancelOutcome {
  cancelled: boolean
  /** Requests stopped before anything was made. */
  stopped: number
  /** Requests whose picture had already arrived: kept and charged. */
  finishing: number
  /** At most what the finishing ones cost. */
  finishing_usd: number
}

export interface DeletedConversation {
  images_removed: number
}

export type ImageFormat = 'png' | 'jpeg' | 'webp'

export interface Usage {
  today_usd: number
  month_usd: number
  daily_budget_usd: number | null
  images_today: number
}

export interface ChatModel {
  id: string
  name: string
  provider: string
  available: boolean | null
}

export interface ChatStatus {
  available: boolean
  provider: string
  model: string | null
  message: string
  offline: boolean
  models: ChatModel[]
  notices: string[]
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
  notices?: string[]
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

/** Events of GET /api/events (live updates). */
export interface MemoriesChanged {
  project: string
  memory_count: number
}

/** Events of POST /api/chat/stream. */
export type ChatStreamEvent =
  | { event: 'sources'; data: { sources: ChatSource[] } }
  | { event: 'chunk'; data: { text: string } }
  | { event: 'done'; data: { answer: string; model: string | null; offline: boolean; notices?: string[] } }

export interface ErrorBody {
  success: false
  error: string
  error_code: string
  detail?: unknown
}
