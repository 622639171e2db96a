/**
 * Buttons that act as the radios of a role="radiogroup": one tab stop (the checked radio),
 * arrow keys to move between them.
 */

/** The attributes of one radio button: bind them with `v-bind="radio(checked)"`. */
export function radio(checked: boolean) {
  return { type: 'button', role: 'radio', 'aria-checked': checked, tabindex: checked ? 0 : -1 } as const
}

/** Arrow keys move between the enabled radios of a role="radiogroup" and choose the one reached. */
export function radioKeys(event: KeyboardEvent): void {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key]
  if (!step) return
  const group = event.currentTarget as HTMLElement
  const radios = [...group.querySelectorAll<HTMLButtonElement>('[role="radio"]:not(:disabled)')]
  const at = radios.indexOf(document.activeElement as HTMLButtonElement)
  const next = radios[(at + step + radios.length) % radios.length]
  if (!next) return
  event.preventDefault()
  next.focus()
  next.click()
}
