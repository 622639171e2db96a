import { onMounted, watch, type Ref } from 'vue'
import { useUiStore } from '@/stores/ui'
import { readPlace, writePlace } from '@/utils/place'
import type { ImageRef } from './threadTurns'

interface Opens {
  conversationId: Ref<string | null>
  current: Ref<ImageRef | null>
  open: (id: string, turn?: number) => Promise<boolean>
}

/** A reload reopens where the user was: the conversation and the turn being looked at. */
export function usePlace(conv: Opens): void {
  const ui = useUiStore()
  onMounted(async () => {
    const place = readPlace()
    if (!place.conversation) return
    ui.pane = 'generate'
    await conv.open(place.conversation, place.turn ?? undefined)
  })
  watch([conv.conversationId, () => conv.current.value?.turn ?? null], ([conversation, turn]) =>
    writePlace({ conversation, turn }),
  )
}
