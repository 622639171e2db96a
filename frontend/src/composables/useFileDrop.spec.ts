import { describe, expect, it, vi } from 'vitest'
import { useFileDrop } from './useFileDrop'

function pasted(files: File[], text = ''): ClipboardEvent {
  const event = new Event('paste', { cancelable: true }) as ClipboardEvent
  Object.defineProperty(event, 'clipboardData', { value: { files, getData: () => text } })
  return event
}

describe('dropping and pasting files', () => {
  it('hands pasted pictures over instead of pasting them as text', () => {
    const take = vi.fn()
    const photo = new File(['x'], 'photo.png', { type: 'image/png' })
    const event = pasted([photo])
    useFileDrop(take).on.paste(event)
    expect(take).toHaveBeenCalledWith([photo])
    expect(event.defaultPrevented).toBe(true)
  })

  it('leaves pasted text to the browser', () => {
    const take = vi.fn()
    const event = pasted([], 'bigger title')
    useFileDrop(take).on.paste(event)
    expect([take.mock.calls.length, event.defaultPrevented]).toEqual([0, false])
  })

  it('shows the drop cue only while files are held over it', () => {
    const drop = useFileDrop(vi.fn())
    const held = new Event('dragenter', { cancelable: true }) as DragEvent
    Object.defineProperty(held, 'dataTransfer', { value: { types: ['Files'], files: [] } })
    drop.on.dragenter(held)
    const shown = drop.dragging.value
    drop.on.dragleave()
    expect([shown, drop.dragging.value]).toEqual([true, false])
  })
})
