import { onScopeDispose, ref, type Ref } from 'vue'

/** Whether a CSS media query matches now, kept up to date. */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = typeof window !== 'undefined' ? window.matchMedia?.(query) : undefined
  const matches = ref(list?.matches ?? true)
  const update = (event: MediaQueryListEvent): void => void (matches.value = event.matches)
  list?.addEventListener('change', update)
  onScopeDispose(() => list?.removeEventListener('change', update))
  return matches
}

/** Wide enough for the memories beside the assistant (Tailwind's `lg`). */
export const WIDE = '(min-width: 1024px)'
/** Wide enough for the current image beside the conversation (Tailwind's `xl`). */
export const ROOMY = '(min-width: 1280px)'
