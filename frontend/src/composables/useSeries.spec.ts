import { describe, expect, it } from 'vitest'
import type { SeriesRequest } from '@/api'
import { fakeFetch, json } from '@/test/fakeFetch'
import { generated } from '@/test/fixtures'
import { useSeries } from './useSeries'

const ASK: SeriesRequest = { prompt: '', memory_ids: ['m1', 'm2', 'm3'], group_by: 'tag', count: 2, preset: 'infographic' }

describe('useSeries', () => {
  it('shows each picture with the group it shows, each in its own conversation', async () => {
    fakeFetch({
      'POST /api/image/series': json({
        batch_id: 'c1', archive_url: '/api/image/batches/c1/archive', errors: [],
        groups: [{ label: 'postgres', memory_ids: ['m1'] }, { label: 'auth', memory_ids: ['m2', 'm3'] }],
        pictures: [generated({ conversation_id: 'c1', image_id: 'a' }), generated({ conversation_id: 'c2', image_id: 'b' })],
      }),
    })
    const series = useSeries()
    expect(await series.make('demo', ASK)).toBe(true)
    expect(series.pictures.value.map((p) => [p.label, p.image.conversationId])).toEqual([['postgres', 'c1'], ['auth', 'c2']])
    expect(series.startedAt.value).toBeNull()
  })

  it('keeps the server’s sentence when the memories make too few groups', async () => {
    const refusal = { success: false, error: 'A series needs 2 to 8 groups; grouping these memories by type gives 1.', error_code: 'validation_error' }
    fakeFetch({ 'POST /api/image/series': json(refusal, 422) })
    const series = useSeries()
    await series.make('demo', { ...ASK, group_by: 'type' })
    expect(series.error.value?.message).toContain('gives 1')
    expect(series.pictures.value).toEqual([])
  })
})
