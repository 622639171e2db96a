import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Project } from '@/api'
import { fakeFetch, json } from '@/test/fakeFetch'
import { useProjectStore } from './project'

const project = (id: string): Project => ({
  id, name: id, path: `/p/${id}`, kind: 'registered', memory_count: 3, last_modified: null,
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('project store', () => {
  it('chooses the first project when none was chosen before', async () => {
    fakeFetch({ 'GET /api/projects': json([project('demo'), project('work')]) })
    const store = useProjectStore()
    await store.load()
    expect(store.current?.id).toBe('demo')
  })

  it('keeps the project chosen in an earlier visit', async () => {
    localStorage.setItem('cortex.project', 'work')
    fakeFetch({ 'GET /api/projects': json([project('demo'), project('work')]) })
    const store = useProjectStore()
    await store.load()
    expect(store.currentId).toBe('work')
  })

  it('forgets a remembered project the server no longer offers', async () => {
    localStorage.setItem('cortex.project', 'gone')
    fakeFetch({ 'GET /api/projects': json([project('demo')]) })
    const store = useProjectStore()
    await store.load()
    expect(store.currentId).toBe('demo')
    expect(localStorage.getItem('cortex.project')).toBe('demo')
  })

  it('keeps a failure as an error for people', async () => {
    fakeFetch({ 'GET /api/projects': json({ success: false, error: 'Broken.', error_code: 'internal' }, 500) })
    const store = useProjectStore()
    await store.load()
    expect(store.error?.message).toBe('Broken.')
    expect(store.loading).toBe(false)
  })
})
