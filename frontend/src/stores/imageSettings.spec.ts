import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { conversationTurn, OPTIONS, STATUS_GEMINI, STATUS_LOCAL } from '@/test/fixtures'
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

  it('shows an open conversation’s settings, the shape read from the picture’s pixel size', () => {
    const s = setup(STATUS_GEMINI)
    s.follow('local', conversationTurn(2, { preset: 'update_sheet', width: 896, height: 1200, aspect_ratio: '16:9', image_size: '2K' }))
    expect([s.activeProvider, s.preset, s.aspectRatio, s.imageSize]).toEqual(['local', 'update_sheet', '3:4', '1K'])
  })

  it('takes the recorded shape when the pixel size is not one offered, and a Gemini conversation’s model', () => {
    const s = setup(STATUS_GEMINI)
    s.follow('gemini', conversationTurn(1, { width: 1000, height: 1000, aspect_ratio: '1:1', model: 'gemini-2.5-flash-image' }))
    expect([s.activeModel?.id, s.aspectRatio, s.imageSize]).toEqual(['gemini-2.5-flash-image', '1:1', '1K'])
  })

  it('keeps the remembered settings for the next conversation while following one', async () => {
    const s = setup()
    s.aspectRatio = '1:1'
    await nextTick()
    s.follow('gemini', conversationTurn(1, { preset: 'update_sheet' }))
    s.imageSize = '2K'
    await nextTick()
    expect(JSON.parse(localStorage.getItem('cortex.imageSettings') ?? '{}')).toMatchObject({ aspectRatio: '1:1', imageSize: '1K' })
    s.release()
    expect([s.following, s.preset, s.aspectRatio, s.imageSize]).toEqual([false, 'infographic', '1:1', '1K'])
  })
})
