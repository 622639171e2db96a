/** Badge colours for memory types; unknown types get the neutral one. */
const COLORS: Record<string, string> = {
  decision: 'bg-indigo-100 text-indigo-800 dark:bg-indigo-500/15 dark:text-indigo-300',
  solution: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300',
  insight: 'bg-violet-100 text-violet-800 dark:bg-violet-500/15 dark:text-violet-300',
  error: 'bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300',
  warning: 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300',
  troubleshooting: 'bg-orange-100 text-orange-800 dark:bg-orange-500/15 dark:text-orange-300',
  todo: 'bg-sky-100 text-sky-800 dark:bg-sky-500/15 dark:text-sky-300',
  workflow: 'bg-teal-100 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300',
  tip: 'bg-lime-100 text-lime-800 dark:bg-lime-500/15 dark:text-lime-300',
  preference: 'bg-pink-100 text-pink-800 dark:bg-pink-500/15 dark:text-pink-300',
  config: 'bg-cyan-100 text-cyan-800 dark:bg-cyan-500/15 dark:text-cyan-300',
  command: 'bg-slate-200 text-slate-800 dark:bg-slate-500/20 dark:text-slate-300',
  concept: 'bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-500/15 dark:text-fuchsia-300',
}
const NEUTRAL = 'bg-zinc-100 text-zinc-700 dark:bg-zinc-700/40 dark:text-zinc-300'

export function typeClass(type: string): string {
  return COLORS[type] ?? NEUTRAL
}

export const STATUSES = [
  { id: 'fresh', name: 'Fresh' },
  { id: 'needs_review', name: 'Needs review' },
  { id: 'outdated', name: 'Outdated' },
  { id: 'archived', name: 'Archived' },
] as const

export function statusName(id: string): string {
  return STATUSES.find((s) => s.id === id)?.name ?? id
}
