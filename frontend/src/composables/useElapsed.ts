import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** Seconds since `since`, ticking while it is set. */
export function useElapsed(since: Readonly<Ref<number | null>>): Ref<number> {
  const seconds = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  const tick = (): void => {
    seconds.value = since.value === null ? 0 : (Date.now() - since.value) / 1000
  }
  watch(
    since,
    (start) => {
      clearInterval(timer)
      tick()
      if (start !== null) timer = setInterval(tick, 250)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearInterval(timer))
  return seconds
}
