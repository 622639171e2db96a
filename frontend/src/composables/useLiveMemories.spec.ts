import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useLiveMemories } from './useLiveMemories'

class FakeSource {
  static opened: FakeSource[] = []
  listeners = new Map<string, (e: MessageEvent) => void>()
  closed = false
  constructor(readonly url: string) {
    FakeSource.opened.push(this)
  }
  addEventListener(name: string, listener: (e: MessageEvent) => void): void {
    this.listeners.set(name, listener)
  }
  close(): void {
    this.closed = true
  }
}

afterEach(() => (FakeSource.opened = []))

describe('useLiveMemories', () => {
  it('listens to the project’s events and hands over each change', () => {
    vi.stubGlobal('EventSource', FakeSource)
    const seen: unknown[] = []
    effectScope().run(() => useLiveMemories(ref('demo'), (e) => seen.push(e)))
    const source = FakeSource.opened[0]!
    source.listeners.get('memories_changed')?.(new MessageEvent('memories_changed', { data: '{"project":"demo","memory_count":45}' }))
    expect(source.url).toBe('/api/events?project=demo')
    expect(seen).toEqual([{ project: 'demo', memory_count: 45 }])
  })

  it('closes the stream when the project changes and when it is no longer used', async () => {
    vi.stubGlobal('EventSource', FakeSource)
    const project = ref('a')
    const scope = effectScope()
    scope.run(() => useLiveMemories(project, () => undefined))
    project.value = 'b'
    await nextTick()
    scope.stop()
    expect(FakeSource.opened.map((s) => [s.url, s.closed])).toEqual([['/api/events?project=a', true], ['/api/events?project=b', true]])
  })
})
