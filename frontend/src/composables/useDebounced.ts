import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * A copy of `source` that changes only after it has been still for `delay` ms.
 * Setting the copy as well as the source settles it at once, without the wait.
 */
export function useDebounced<T>(source: Ref<T>, delay = 250): Ref<T> {
  const settled = ref(source.value) as Ref<T>
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, (value) => {
    clearTimeout(timer)
    timer = setTimeout(() => (settled.value = value), delay)
  })
  onScopeDispose(() => clearTimeout(timer))
  return settled
}
