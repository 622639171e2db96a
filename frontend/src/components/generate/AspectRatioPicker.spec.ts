import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { PRO } from '@/test/fixtures'
import AspectRatioPicker from './AspectRatioPicker.vue'

function picker(chosen = '16:9') {
  return mount(AspectRatioPicker, {
    props: { ratios: ['1:1', '16:9', '3:4'], pixelSize: (r: string) => PRO.pixel_sizes[r]?.['1K'] ?? null, modelValue: chosen },
    attachTo: document.body,
  })
}

describe('AspectRatioPicker', () => {
  it('offers each ratio as a radio with its pixel size', () => {
    const w = picker()
    const radios = w.findAll('[role="radio"]')
    expect(radios.map((r) => r.text())).toEqual(['1:1', '16:9', '3:4'])
    expect(radios[1]?.attributes('title')).toBe('16:9: 1376 × 768 px')
    w.unmount()
  })

  it('moves to the next ratio with the arrow keys', async () => {
    const w = picker('1:1')
    const first = w.get('[role="radio"][aria-checked="true"]')
    ;(first.element as HTMLElement).focus()
    await w.get('[role="radiogroup"]').trigger('keydown', { key: 'ArrowRight' })
    expect(w.emitted('update:modelValue')).toEqual([['16:9']])
    w.unmount()
  })
})
