import type { CancelOutcome } from '@/api'
import { formatUsd } from './format'

const requests = (n: number): string => `${n} request${n === 1 ? '' : 's'}`
const pictures = (n: number): string => (n === 1 ? 'One picture' : `${n} pictures`)

/**
 * What a cancel did, in words that promise nothing the server did not do. `outcome` is null
 * when the server could not be asked (no conversation id yet): nothing was stopped then.
 */
export function cancelSentence(outcome: CancelOutcome | null, count: number, maxUsd: number | null): string {
  if (!outcome) {
    const cost = maxUsd ? `, be charged (up to about ${formatUsd(maxUsd)})` : ''
    return `The ${requests(count)} had already been sent and cannot be stopped from here: they will finish${cost} and appear in History.`
  }
  const { stopped, finishing, finishing_usd: usd } = outcome
  if (!stopped && !finishing) return 'It had already finished: nothing was left to stop.'
  const stop = stopped ? `Stopped ${requests(stopped)}.` : ''
  if (!finishing) return `${stop} Nothing more will happen.`.trim()
  const cost = usd ? ` and charged (up to about ${formatUsd(usd)})` : ''
  return `${stop} ${pictures(finishing)} had already arrived and could not be stopped: kept${cost}; ${finishing === 1 ? 'it appears' : 'they appear'} in the conversation and in History.`.trim()
}
