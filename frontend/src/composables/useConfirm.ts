import { ref } from 'vue'

/** A question that waits for the user's answer: `ask()` resolves true or false. */
export function useConfirm() {
  const asking = ref(false)
  let settle: (yes: boolean) => void = () => undefined

  function ask(): Promise<boolean> {
    asking.value = true
    return new Promise((resolve) => (settle = resolve))
  }

  function answer(yes: boolean): void {
    asking.value = false
    settle(yes)
  }

  return { asking, ask, answer }
}
