import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeFetch, json } from '@/test/fakeFetch'
import { OPTIONS, STATUS_LOCAL } from '@/test/fixtures'
import { useImageServiceStore } from './imageService'

const USAGE = { today_usd: 0.5, month_usd: 3, daily_budget_usd: 5, images_today: 4 }

beforeEach(() => setActivePinia(createPinia()))

describe('image service store', () => {
  it('loads status, options and usage', async () => {
    fakeFetch({
      'GET /api/image/status': json(STATUS_LOCAL),
      'GET /api/image/options': json(OPTIONS),
      'GET /api/image/usage': json(USAGE),
    })
    const store = useImageServiceStore()
    await store.load()
    expect(store.status?.provider).toBe('local')
    expect(store.usage?.today_usd).toBe(0.5)
  })

  it('keeps the failure to show it', async () => {
    fakeFetch({ 'GET /api/image/usage': json(USAGE) })
    const store = useImageServiceStore()
    await store.load()
    expect(store.error?.code).toBe('not_found')
    expect(store.usage).not.toBeNull()
  })
})
