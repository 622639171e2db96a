import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Region } from '@/api'
import RegionBox from './RegionBox.vue'

const MIDDLE: Region = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 }

describe('RegionBox', () => {
  it('moves the box with the arrow keys, and resizes it with Shift', async () => {
    const w = mount(RegionBox, { props: { modelValue: MIDDLE } })
    await w.get('[role=group]').trigger('keydown', { key: 'ArrowRight' })
    await w.setProps({ modelValue: w.emitted<[Region]>('update:modelValue')![0]![0] })
    await w.get('[role=group]').trigger('keydown', { key: 'ArrowDown', shiftKey: true })
    expect(w.emitted<[Region]>('update:modelValue')![1]![0]).toEqual({ x: 0.27, y: 0.25, width: 0.5, height: 0.52 })
  })

  it('shows the box where it is', () => {
    const w = mount(RegionBox, { props: { modelValue: MIDDLE } })
    expect(w.get('[data-testid=region-box]').attributes('style')).toContain('left: 25%')
  })
})
