import type { Ref } from 'vue'
import type { GenerateRequest } from '@/api'
import { useImageSettingsStore } from '@/stores/imageSettings'
import { useReferencesStore } from '@/stores/references'
import { useSelectionStore } from '@/stores/selection'
import { useUiStore } from '@/stores/ui'

/**
 * The request the composer sends: the prompt, the selected memories, the settings, and what the
 * next turn carries besides (reference pictures). `sent()` lets go of what a send has carried.
 */
export function useTurnRequest(conversationId: Ref<string | null>) {
  const selection = useSelectionStore()
  const settings = useImageSettingsStore()
  const refs = useReferencesStore()
  const ui = useUiStore()

  /** Variations and the renderer are chosen when a conversation starts; refining makes one image. */
  function build(text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest {
    const refining = !!conversationId.value
    const body: GenerateRequest = {
      prompt: text, memory_ids: selection.ids, aspect_ratio: settings.aspectRatio, image_size: settings.imageSize,
      use_search_grounding: settings.grounded, preset: settings.preset,
      provider: refining ? undefined : settings.activeProvider, model: settings.activeModel?.id,
      thinking_level: settings.thinkingLevel ?? undefined,
      n: refining ? 1 : settings.variations, chat_messages: ui.imageChat ?? undefined,
    }
    if (refs.asks.length) body.references = refs.asks
    return { ...body, ...extra }
  }

  function sent(): void {
    refs.clear()
    ui.dropImageChat()
  }

  return { build, sent }
}
