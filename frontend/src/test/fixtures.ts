/** Small contract-shaped records for tests. */
import type { Conversation, ConversationTurn, GeneratedImage, ImageOptions, ImageStatus, Memory, ModelInfo } from '@/api'

export function memory(id: string, over: Partial<Memory> = {}): Memory {
  return {
    id, content: `Memory ${id} content`, type: 'decision', tags: ['api'], context: null,
    created_at: '2025-01-02T10:00:00Z', updated_at: null, last_accessed: null, access_count: 0,
    importance_score: 50, status: 'fresh', ...over,
  }
}

export function generated(over: Partial<GeneratedImage> = {}): GeneratedImage {
  const id = over.image_id ?? 'img1'
  return {
    success: true, text_response: 'Here it is.', thought_signature: null, error: null,
    conversation_id: 'conv1', turn: 1, image_id: id, image_url: `/api/image/images/${id}`,
    thumbnail_url: `/api/image/images/${id}?format=webp&width=320`, width: 1376, height: 768,
    mime_type: 'image/png', usage: {}, cost_usd: 0.134, context: null, ...over,
  }
}

const GEMINI = { name: 'gemini', label: 'Gemini', paid: true, ready: true, message: 'Gemini ready.' }
const LOCAL = { name: 'local', label: 'Offline', paid: false, ready: true, message: 'Offline renderer.' }
const NO_KEY = { ...GEMINI, ready: false, message: 'No Gemini API key is set.' }

export const STATUS_LOCAL: ImageStatus = {
  available: true, message: 'Offline renderer', provider: 'local', model: 'offline-renderer',
  providers: [NO_KEY, LOCAL], key_set: false, notices: [],
}

export const STATUS_GEMINI: ImageStatus = {
  available: true, message: 'Gemini ready', provider: 'gemini', model: 'gemini-3-pro-image',
  providers: [GEMINI, LOCAL], key_set: true, notices: [],
}

const TEN = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9']
const PIXELS: ModelInfo['pixel_sizes'] = {
  '1:1': { '1K': [1024, 1024], '2K': [2048, 2048], '4K': [4096, 4096] },
  '16:9': { '1K': [1376, 768], '2K': [2752, 1536], '4K': [5504, 3072] },
  '3:4': { '1K': [896, 1200], '2K': [1792, 2400], '4K': [3584, 4800] },
  '21:9': { '1K': [1584, 672], '2K': [3168, 1344], '4K': [6336, 2688] },
}

export function model(id: string, over: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id, name: id, provider: 'gemini', paid: true, lifecycle: 'ga', available: null, ratios: TEN,
    sizes: ['1K', '2K', '4K'], default_size: '2K', pixel_sizes: PIXELS, prices: {}, input_image_price: null,
    confirm_sizes: [], thinking: 'none', thinking_levels: [], grounding: [], max_reference_images: 14, ...over,
  }
}

export const PRO = model('gemini-3-pro-image', {
  name: 'Nano Banana Pro', prices: { '1K': 0.134, '2K': 0.134, '4K': 0.24 }, confirm_sizes: ['4K'],
  thinking: 'always', grounding: ['web'],
})
export const FLASH = model('gemini-3.1-flash-image', {
  name: 'Nano Banana 2', ratios: [...TEN, '1:4', '4:1', '1:8', '8:1'], sizes: ['512', '1K', '2K', '4K'],
  prices: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 }, confirm_sizes: ['4K'],
  thinking: 'levels', thinking_levels: ['minimal', 'high'], grounding: ['web', 'image'],
})
export const OFFLINE = model('offline-renderer', { name: 'Offline renderer', provider: 'local', paid: false, available: true })

export const OPTIONS: ImageOptions = {
  providers: [GEMINI, LOCAL],
  models: [PRO, FLASH, OFFLINE],
  presets: [
    { id: 'infographic', name: 'Infographic', aspect_ratio: '16:9', guidance: 'Clean.' },
    { id: 'update_sheet', name: 'Update sheet', aspect_ratio: '3:4', guidance: 'Scannable.' },
    { id: 'timeline', name: 'Timeline', aspect_ratio: '21:9', guidance: 'Dated.' },
  ],
  default_provider: 'gemini',
  default_model: 'gemini-3-pro-image',
  notices: [],
}

export const OPTIONS_OFFLINE: ImageOptions = { ...OPTIONS, providers: [NO_KEY, LOCAL], default_provider: 'local', default_model: 'offline-renderer' }

export function conversationTurn(n: number, over: Partial<ConversationTurn> = {}): ConversationTurn {
  return {
    turn: n, prompt: `p${n}`, text: '', image_id: `i${n}`, image_url: `/i${n}`, thumbnail_url: `/t${n}`,
    width: 1376, height: 768, aspect_ratio: '16:9', image_size: '1K', preset: 'infographic',
    model: 'gemini-3-pro-image', memory_ids: [], cost_usd: 0, created_at: '', grounding: null, ...over,
  }
}

export function conversation(id: string, turns: ConversationTurn[], over: Partial<Conversation> = {}): Conversation {
  return {
    id, title: 'A picture', provider: 'local', model: 'offline-renderer', created_at: '', updated_at: '',
    turn_count: turns.length, thumbnail_url: null, ended: false, turns, ...over,
  }
}
