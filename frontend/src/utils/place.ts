/**
 * Where the user is, kept in the address (`#conversation=…&turn=…`) so that a reload, or a
 * link, reopens the same conversation at the same turn.
 */
export interface Place {
  conversation: string | null
  turn: number | null
}

export function readPlace(hash: string = window.location.hash): Place {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const turn = Number(params.get('turn'))
  return { conversation: params.get('conversation'), turn: Number.isInteger(turn) && turn > 0 ? turn : null }
}

export function placeHash({ conversation, turn }: Place): string {
  if (!conversation) return ''
  const params = new URLSearchParams({ conversation })
  if (turn) params.set('turn', String(turn))
  return `#${params.toString()}`
}

export function writePlace(place: Place): void {
  const { pathname, search } = window.location
  window.history.replaceState(window.history.state, '', pathname + search + placeHash(place))
}
