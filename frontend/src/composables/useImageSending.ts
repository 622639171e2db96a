import { ref, type Ref } from 'vue'
import type { GenerateRequest } from '@/api'
import { useImageServiceStore } from '@/stores/imageService'
import type { SeriesPlan } from '@/utils/series'
import type { useImageConversation } from './useImageConversation'
import type { useSeries } from './useSeries'
import { useTurnRequest } from './useTurnRequest'

/**
 * What the composer's sends do: a turn (a refinement, a branch, a finish) or a series. The prompt
 * and what a send carried (references, a branch point) go once it has been made; the spend and
 * `after` (History) are brought up to date either way.
 */
export function useImageSending(
  conv: ReturnType<typeof useImageConversation>,
  series: ReturnType<typeof useSeries>,
  project: Ref<string | null>,
  after: () => void,
) {
  const service = useImageServiceStore()
  const prompt = ref('')
  const lastPrompt = ref('')
  const turnRequest = useTurnRequest(conv.conversationId, conv.current)

  function settle(ok: boolean): void {
    if (ok) {
      prompt.value = ''
      turnRequest.sent()
    }
    void service.refreshUsage()
    after()
  }

  async function submit(text: string, maxUsd: number | null = null, extra: Partial<GenerateRequest> = {}): Promise<void> {
    if (conv.pending.value || series.startedAt.value || !project.value || !text) return
    lastPrompt.value = text
    series.dismiss()
    settle(await conv.generate(project.value, turnRequest.build(text, extra), maxUsd))
  }

  /** A series starts conversations of its own: the one open is put away first. */
  async function makeSeries(text: string, plan: SeriesPlan): Promise<void> {
    if (conv.pending.value || series.startedAt.value || !project.value) return
    conv.reset()
    settle(await series.make(project.value, turnRequest.buildSeries(text, plan)))
  }

  /** A finish is a new conversation: the composer's words, or the draft's name, start it. */
  function finish(extra: Partial<GenerateRequest>, maxUsd: number | null): Promise<void> {
    const draft = conv.title.value || conv.turns.value[0]?.prompt || 'the picture'
    return submit(prompt.value.trim() || `Finish the draft: ${draft}`, maxUsd, extra)
  }

  const retry = (): Promise<void> => submit(lastPrompt.value)

  return { prompt, submit, makeSeries, finish, retry }
}
