/** Small contract-shaped records for tests. */
import type { Conversation, ConversationTurn, GeneratedImage, ImageOptions, ImageStatus, Memory } from '@/api'

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

export const STATUS_LOCAL: ImageStatus = {
  available: true, message: 'Offline renderer', provider: 'local', model: 'offline-renderer',
  providers: ['local'], key_set: false,
}

export const STATUS_GEMINI: ImageStatus = {
  available: true, message: 'Gemini ready', provider: 'gemini', model: 'gemini-3-pro-image-preview',
  providers: ['gemini', 'local'], key_set: true,
}

export const OPTIONS: ImageOptions = {
  models: [
    { id: 'gemini-3-pro-image-preview', name: 'Nano Banana Pro', sizes: ['1K', '2K', '4K'], thinking: true, search_grounding: true },
    { id: 'gemini-2.5-flash-image', name: 'Nano Banana', sizes: ['1K'], thinking: false, search_grounding: false },
  ],
  aspect_ratios: [
    { id: '1:1', sizes: { '1K': [1024, 1024], '2K': [2048, 2048], '4K': [4096, 4096] } },
    { id: '16:9', sizes: { '1K': [1376, 768], '2K': [2752, 1536], '4K': [5504, 3072] } },
    { id: '3:4', sizes: { '1K': [896, 1200], '2K': [1792, 2400], '4K': [3584, 4800] } },
  ],
  sizes: ['1K', '2K', '4K'],
  presets: [
    { id: 'infographic', name: 'Infographic', aspect_ratio: '16:9', guidance: 'Clean.' },
    { id: 'update_sheet', name: 'Update sheet', aspect_ratio: '3:4', guidance: 'Scannable.' },
  ],
  prices: {
    'gemini-3-pro-image-preview': { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
    'gemini-2.5-flash-image': { '1K': 0.039 },
  },
  default_model: 'gemini-3-pro-image-preview',
}

export function conversationTurn(n: number, over: Partial<ConversationTurn> = {}): ConversationTurn {
  return {
    turn: n, prompt: `p${n}`, text: '', image_id: `i${n}`, image_url: `/i${n}`, thumbnail_url: `/t${n}`,
    width: 1376, height: 768, aspect_ratio: '16:9', image_size: '1K', preset: 'infographic',
    model: 'gemini-3-pro-image-preview', memory_ids: [], cost_usd: 0, created_at: '', grounding: null, ...over,
  }
}

export function conversation(id: string, turns: ConversationTurn[], over: Partial<Conversation> = {}): Conversation {
  return {
    id, title: 'A picture', provider: 'local', model: 'offline-renderer', created_at: '', updated_at: '',
    turn_count: turns.length, thumbnail_url: null, ended: false, turns, ...over,
  }
}
