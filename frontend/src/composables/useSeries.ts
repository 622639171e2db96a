import { ref, shallowRef } from 'vue'
import { makeSeries, type SeriesRequest, type SeriesResponse } from '@/api'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'
import { pictureRef, type ImageRef } from './threadTurns'

/** One picture of a series: what it shows, and its conversation to refine it in. */
export interface SeriesPicture {
  image: ImageRef
  label: string
  costUsd: number | null
}

/** A consistent series: asked for in one request, which answers once every picture is made. */
export function useSeries() {
  const asked = shallowRef<SeriesRequest | null>(null)
  const startedAt = ref<number | null>(null)
  const made = shallowRef<SeriesResponse | null>(null)
  const pictures = shallowRef<SeriesPicture[]>([])
  const error = shallowRef<ApiError | null>(null)

  async function make(project: string, body: SeriesRequest): Promise<boolean> {
    asked.value = body
    made.value = null
    pictures.value = []
    error.value = null
    startedAt.value = Date.now()
    try {
      const answer = await makeSeries(project, body)
      made.value = answer
      pictures.value = answer.pictures.map((p, i) => ({
        image: pictureRef(p, p.conversation_id, p.turn), label: answer.groups[i]?.label ?? `Picture ${i + 1}`, costUsd: p.cost_usd,
      }))
      return true
    } catch (err) {
      error.value = toApiError(err)
      return false
    } finally {
      startedAt.value = null
    }
  }

  /** Put the series away (to look at one of its pictures, or start something else). */
  function dismiss(): void {
    asked.value = made.value = error.value = null
    pictures.value = []
  }

  return { asked, startedAt, made, pictures, error, make, dismiss }
}
