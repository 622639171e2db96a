import { ref, watch } from 'vue'

const KEY = 'cortex.theme'

function initial(): boolean {
  const saved = localStorage.getItem(KEY)
  if (saved) return saved === 'dark'
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false
}

const dark = ref(initial())

function apply(value: boolean): void {
  document.documentElement.classList.toggle('dark', value)
}
apply(dark.value)
watch(dark, (value) => {
  localStorage.setItem(KEY, value ? 'dark' : 'light')
  apply(value)
})

/** Dark or light, remembered, defaulting to the system's choice. */
export function useTheme() {
  return { dark, toggle: () => (dark.value = !dark.value) }
}
