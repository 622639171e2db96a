import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { ImageOptions } from '@/api'
import { conversationTurn, FLASH, OPTIONS, OPTIONS_OFFLINE, PRO, STATUS_GEMINI, STATUS_LOCAL } from '@/test/fixtures'
import { useImageServiceStore } from './imageService'
import { useImageSettingsStore } from './imageSettings'

function setup(options: ImageOptions = OPTIONS) {
  const service = useImageServiceStore()
  service.status = options === OPTIONS_OFFLINE ? STATUS_LOCAL : STATUS_GEMINI
  service.options = options
  return useImageSettingsStore()
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('image settings', () => {
  it('prices a size with the active model’s prices', () => {
    const s = setup()
    expect(s.priceOf('4K')).toBe(0.24)
  })

  it('prices the offline renderer at nothing, and offers only ready providers', () => {
    const s = setup(OPTIONS_OFFLINE)
    expect(s.priceOf('2K')).toBe(0)
    expect(s.providers.map((p) => p.name)).toEqual(['local'])
  })

  it('takes sizes and ratios from the chosen model: Nano Banana 2 makes 512 and 1:8', () => {
    const s = setup()
    s.model = FLASH.id
    expect(s.sizes).toContain('512')
    expect(s.ratios).toContain('1:8')
  })

  it('falls back to a size and ratio the new model makes', () => {
    const s = setup()
    s.model = FLASH.id
    s.imageSize = '512'
    s.aspectRatio = '1:8'
    s.model = PRO.id
    expect([s.imageSize, s.aspectRatio]).toEqual(['2K', '16:9'])
  })

  it('asks before the sizes the model says to confirm', () => {
    const s = setup()
    s.imageSize = '4K'
    expect(s.needsConfirm).toBe(true)
    s.imageSize = '2K'
    expect(s.needsConfirm).toBe(false)
  })

  it('offers thinking levels only for a model that has them', () => {
    const s = setup()
    expect(s.thinkingLevel).toBeNull()
    s.model = FLASH.id
    expect([s.thinkingLevels, s.thinkingLevel]).toEqual([['minimal', 'high'], 'minimal'])
  })

  it('never uses a model this key may not use, and switches to another one on request', () => {
    const s = setup({ ...OPTIONS, models: [{ ...PRO, available: false }, FLASH] })
    s.model = PRO.id
    expect(s.activeModel?.id).toBe(FLASH.id)
  })

  it('finds another usable model for a quota refusal', () => {
    const s = setup()
    s.useOtherModel()
    expect(s.activeModel?.id).toBe(FLASH.id)
  })

  it('takes the aspect ratio of a chosen preset', () => {
    const s = setup()
    s.choosePreset('update_sheet')
    expect([s.preset, s.aspectRatio]).toEqual(['update_sheet', '3:4'])
  })

  it('lowers the size one step among the model’s sizes', () => {
    const s = setup()
    s.imageSize = '4K'
    s.lowerSize()
    expect(s.imageSize).toBe('2K')
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

  it('falls back to the server’s provider when the chosen one is not ready', () => {
    const s = setup(OPTIONS_OFFLINE)
    s.provider = 'gemini'
    expect(s.activeProvider).toBe('local')
  })

  it('shows an open conversation’s settings, the shape read from the picture’s pixel size', () => {
    const s = setup()
    s.follow('local', conversationTurn(2, { model: 'offline-renderer', preset: 'update_sheet', width: 896, height: 1200, aspect_ratio: '16:9', image_size: '2K' }))
    expect([s.activeProvider, s.preset, s.aspectRatio, s.imageSize]).toEqual(['local', 'update_sheet', '3:4', '1K'])
  })

  it('keeps the remembered settings for the next conversation while following one', async () => {
    const s = setup()
    s.aspectRatio = '1:1'
    await nextTick()
    s.follow('gemini', conversationTurn(1, { preset: 'update_sheet' }))
    s.imageSize = '4K'
    await nextTick()
    expect(JSON.parse(localStorage.getItem('cortex.imageSettings') ?? '{}')).toMatchObject({ aspectRatio: '1:1' })
    s.release()
    expect([s.following, s.preset, s.aspectRatio]).toEqual([false, 'infographic', '1:1'])
  })
})
