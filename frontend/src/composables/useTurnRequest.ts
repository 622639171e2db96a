import { ref, watch, type Ref } from 'vue'
import type { GenerateRequest, SeriesRequest } from '@/api'
import { useImageSettingsStore } from '@/stores/imageSettings'
import { useNextTurnStore } from '@/stores/nextTurn'
import { useReferencesStore } from '@/stores/references'
import { useSelectionStore } from '@/stores/selection'
import { useUiStore } from '@/stores/ui'
import { seriesGroups, type SeriesPlan } from '@/utils/series'
import type { ImageRef } from './threadTurns'

/**
 * The request the composer sends: the prompt, the selected memories, the settings, and what the
 * next turn carries besides (reference pictures, a branch point, a box to change). `sent()` lets
 * go of what a send has carried. Both start where the user is looking: looking elsewhere drops them.
 */
export function useTurnRequest(conversationId: Ref<string | null>, current: Ref<ImageRef | null> = ref(null)) {
  const selection = useSelectionStore()
  const settings = useImageSettingsStore()
  const refs = useReferencesStore()
  const next = useNextTurnStore()
  const ui = useUiStore()
  watch(current, (image, before) => {
    const at = next.branch
    if (at && (image?.conversationId !== at.conversationId || image.turn !== at.turn)) next.clear()
    if (next.region && image?.id !== before?.id) next.clear()
  })

  /** Variations and the renderer are chosen when a conversation starts; refining makes one image. */
  function build(text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest {
    const branch = next.branch
    const refining = !!conversationId.value || !!branch
    const body: GenerateRequest = {
      prompt: text, memory_ids: selection.ids, aspect_ratio: settings.aspectRatio, image_size: settings.imageSize,
      use_search_grounding: settings.grounded, preset: settings.preset,
      provider: refining ? undefined : settings.activeProvider, model: settings.activeModel?.id,
      thinking_level: settings.thinkingLevel ?? undefined,
      n: refining ? 1 : settings.variations, chat_messages: ui.imageChat ?? undefined,
    }
    if (refs.asks.length) body.references = refs.asks
    if (branch && !extra.finish_from) Object.assign(body, { conversation_id: branch.conversationId, from_turn: branch.turn })
    if (next.region && !branch && !extra.finish_from && conversationId.value) body.region = { ...next.region }
    return { ...body, ...extra }
  }

  /** A series of the selection, in the chosen settings, with the reference pictures (their
   * uploads' own names: the series request takes no words for them). */
  function buildSeries(text: string, plan: SeriesPlan): SeriesRequest {
    const body: SeriesRequest = {
      prompt: text, memory_ids: selection.ids, group_by: plan.groupBy, count: plan.count, preset: settings.preset,
      aspect_ratio: settings.aspectRatio, image_size: settings.imageSize, model: settings.activeModel?.id,
      provider: settings.activeProvider,
    }
    if (plan.groupBy === 'groups') body.groups = seriesGroups(plan, selection.ids)
    if (refs.ready.length) body.reference_image_ids = refs.ready.map((c) => c.id as string)
    return body
  }

  function sent(): void {
    refs.clear()
    next.clear()
    ui.dropImageChat()
  }

  return { build, buildSeries, sent }
}
