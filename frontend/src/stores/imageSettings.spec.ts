import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { OPTIONS, STATUS_GEMINI, STATUS_LOCAL } from '@/test/fixtures'
import { useImageServiceStore } from './imageService'
import { useImageSettingsStore } from './imageSettings'

function setup(status = STATUS_GEMINI) {
  const service = useImageServiceStore()
  service.status = status
  service.options = OPTIONS
  return useImageSettingsStore()
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('image settings', () => {
  it('prices a size with the active model', () => {
    const s = setup()
    expect(s.priceOf('4K')).toBe(0.24)
  })

  it('prices the offline renderer at nothing', () => {
    const s = setup(STATUS_LOCAL)
    expect(s.isGemini).toBe(false)
    expect(s.priceOf('2K')).toBe(0)
  })

  it('lowers the size to 1K when Flash is chosen, and turns grounding off', async () => {
    const s = setup()
    s.imageSize = '4K'
    s.grounding = true
    s.model = 'gemini-2.5-flash-image'
    await nextTick()
    expect(s.imageSize).toBe('1K')
    expect(s.grounding).toBe(false)
  })

  it('takes the aspect ratio of a chosen preset', () => {
    const s = setup()
    s.choosePreset('update_sheet')
    expect([s.preset, s.aspectRatio]).toEqual(['update_sheet', '3:4'])
  })

  it('lowers the size one step at a time', () => {
    const s = setup()
    s.imageSize = '4K'
    s.lowerSize()
    expect(s.imageSize).toBe('2K')
  })

  it('switches to the model with the most sizes', () => {
    const s = setup()
    s.model = 'gemini-2.5-flash-image'
    s.useBestModel()
    expect(s.activeModel?.id).toBe('gemini-3-pro-image-preview')
  })

  it('remembers the choices across reloads', async () => {
    const s = setup()
    s.aspectRatio = '1:1'
    s.variations = 4
    await nextTick()
    setActivePinia(createPinia())
    const again = setup()
    expect([again.aspectRatio, again.variations]).toEqual(['1:1', 4])
  })

  it('falls back to the server’s provider when the chosen one is not offered', () => {
    const s = setup(STATUS_LOCAL)
    s.provider = 'gemini'
    expect(s.activeProvider).toBe('local')
  })

  it('uses the server’s provider until the user picks one', () => {
    const s = setup()
    expect(s.activeProvider).toBe('gemini')
    s.provider = 'local'
    expect(s.activeProvider).toBe('local')
  })
})
