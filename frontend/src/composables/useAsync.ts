import { ref, type Ref } from 'vue'
import { toApiError } from '@/api/errors'
import type { ApiError } from '@/api/http'

export interface AsyncState<A extends unknown[], T> {
  busy: Ref<boolean>
  error: Ref<ApiError | null>
  run: (...args: A) => Promise<T | undefined>
}

/** Wrap an async action with a busy flag and an error for people; never throws. */
export function useAsync<A extends unknown[], T>(action: (...args: A) => Promise<T>): AsyncState<A, T> {
  const busy = ref(false)
  const error = ref<ApiError | null>(null)

  async function run(...args: A): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await action(...args)
    } catch (err) {
      error.value = toApiError(err)
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
