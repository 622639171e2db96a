import { ref } from 'vue'

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false

/**
 * Files dropped on an element or pasted into it go to `take`; `dragging` is true while files are
 * held over it (for a "drop here" cue). Text dropped or pasted is left to the browser.
 */
export function useFileDrop(take: (files: File[]) => void) {
  const dragging = ref(false)
  let depth = 0 // dragenter and dragleave fire for every child crossed

  function enter(event: DragEvent): void {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth++
    dragging.value = true
  }
  function over(event: DragEvent): void {
    if (carriesFiles(event)) event.preventDefault()
  }
  function leave(): void {
    depth = Math.max(0, depth - 1)
    if (!depth) dragging.value = false
  }
  function drop(event: DragEvent): void {
    depth = 0
    dragging.value = false
    const files = [...(event.dataTransfer?.files ?? [])]
    if (!files.length) return
    event.preventDefault()
    take(files)
  }
  function paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])]
    if (!files.length) return
    event.preventDefault()
    take(files)
  }
  return { dragging, on: { dragenter: enter, dragover: over, dragleave: leave, drop, paste } }
}
