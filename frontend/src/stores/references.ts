import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { uploadReference, type ReferenceAsk, type ReferenceRole } from '@/api'
import { toApiError } from '@/api/errors'
import { useImageSettingsStore } from './imageSettings'

/** A picture the next send carries for the model to look at. */
export interface ReferenceChip {
  key: string
  /** The stored picture, once uploaded. */
  id: string | null
  /** Where it came from: its file name, or the turn that made it. */
  name: string
  /** What it is for, in the user's words ("our logo", "match this style", "this is Ana"). */
  label: string
  /** Null: the server reads it from the label. */
  role: ReferenceRole | null
  thumbnailUrl: string | null
  uploading: boolean
  error: string | null
}

/** A picture the dashboard made, offered as a reference. */
export interface MadePicture {
  id: string
  thumbnailUrl: string
}

const TYPES = /^image\/(png|jpeg|webp|heic|heif)$/
const NAMES = /\.(png|jpe?g|webp|heic|heif)$/i
/** Browsers often leave the type of HEIC files empty: the name says it then. */
export const isPicture = (file: File): boolean => TYPES.test(file.type) || NAMES.test(file.name)

let keys = 0

/**
 * The reference pictures of the next send, shared by the composer (drop, paste, pick) and every
 * picture's "Use as reference". They stay while conversations are opened, so a picture of one
 * conversation can be sent to another, and go once a send has carried them.
 */
export const useReferencesStore = defineStore('references', () => {
  const settings = useImageSettingsStore()
  const chips = ref<ReferenceChip[]>([])
  /** Why the last pictures offered were not added, in a sentence. */
  const refusal = ref<string | null>(null)
  const limit = computed(() => settings.activeModel?.max_reference_images ?? 0)
  const ready = computed(() => chips.value.filter((c) => c.id && !c.error))
  const uploading = computed(() => chips.value.some((c) => c.uploading))
  const asks = computed<ReferenceAsk[]>(() =>
    ready.value.map((c) => ({ id: c.id as string, label: c.label.trim() || undefined, role: c.role ?? undefined })),
  )

  function hasRoom(): boolean {
    if (chips.value.length < limit.value) return true
    const name = settings.activeModel?.name ?? 'This model'
    refusal.value = limit.value
      ? `${name} takes at most ${limit.value} reference pictures in all: remove one to add another.`
      : `${name} takes no reference pictures.`
    return false
  }

  function add(chip: Omit<ReferenceChip, 'key' | 'label' | 'role' | 'error'>): ReferenceChip {
    chips.value.push(reactive({ key: `ref-${++keys}`, label: '', role: null, error: null, ...chip }))
    return chips.value[chips.value.length - 1] as ReferenceChip
  }

  async function upload(file: File): Promise<void> {
    const chip = add({ id: null, name: file.name, thumbnailUrl: null, uploading: true })
    try {
      const stored = await uploadReference(file, file.name)
      Object.assign(chip, { id: stored.id, thumbnailUrl: stored.thumbnail_url })
    } catch (err) {
      chip.error = toApiError(err).message
    } finally {
      chip.uploading = false
    }
  }

  /** Upload dropped, pasted or picked files; those that are not pictures are said, not sent. */
  function addFiles(files: File[]): Promise<void[]> {
    refusal.value = null
    const others = files.filter((f) => !isPicture(f)).map((f) => f.name || 'The file')
    if (others.length) refusal.value = `${others.join(', ')}: not a PNG, JPEG, WebP or HEIC picture.`
    const started: Promise<void>[] = []
    for (const file of files.filter(isPicture)) {
      if (!hasRoom()) break
      started.push(upload(file)) // its chip is added at once, so the next file sees it
    }
    return Promise.all(started)
  }

  /** Offer a picture the dashboard made (any conversation's); once is enough. */
  function addMade(picture: MadePicture, name: string): void {
    refusal.value = null
    if (has(picture.id) || !hasRoom()) return
    add({ id: picture.id, name, thumbnailUrl: picture.thumbnailUrl, uploading: false })
  }

  const has = (id: string): boolean => chips.value.some((c) => c.id === id)

  function remove(key: string): void {
    chips.value = chips.value.filter((c) => c.key !== key)
    refusal.value = null
  }

  function clear(): void {
    chips.value = []
    refusal.value = null
  }

  return { chips, refusal, limit, ready, uploading, asks, addFiles, addMade, has, remove, clear }
})
