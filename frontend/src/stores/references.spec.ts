import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeFetch, json } from '@/test/fakeFetch'
import { OPTIONS, STATUS_GEMINI } from '@/test/fixtures'
import { useImageServiceStore } from './imageService'
import { useReferencesStore } from './references'

const picture = (name: string, type = 'image/png'): File => new File([new Uint8Array([1, 2, 3])], name, { type })

function uploaded(id: string) {
  return json({ id, width: 60, height: 40, mime_type: 'image/png', thumbnail_url: `/t/${id}`, image_url: `/i/${id}`, label: 'logo.png', role: 'object' })
}

function setup(): ReturnType<typeof useReferencesStore> {
  const service = useImageServiceStore()
  service.status = STATUS_GEMINI
  service.options = OPTIONS
  return useReferencesStore()
}

beforeEach(() => setActivePinia(createPinia()))

describe('reference pictures', () => {
  it('uploads a dropped picture and sends it with the words the user gave it', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/references': uploaded('r1') })
    const refs = setup()
    await refs.addFiles([picture('logo.png')])
    refs.chips[0]!.label = ' our logo '
    expect((calls[0]?.body as FormData).get('file')).toBeInstanceOf(File)
    expect(refs.asks).toEqual([{ id: 'r1', label: 'our logo' }])
  })

  it('refuses a fifteenth picture, naming the model’s limit, without uploading it', async () => {
    const { calls } = fakeFetch({ 'POST /api/image/references': () => uploaded(`r${calls.length}`) })
    const refs = setup()
    await refs.addFiles(Array.from({ length: 15 }, (_, i) => picture(`p${i}.png`)))
    expect(refs.chips).toHaveLength(14)
    expect(refs.refusal).toBe('Nano Banana Pro takes at most 14 reference pictures in all: remove one to add another.')
  })

  it('says which files are not pictures and sends none of them', async () => {
    const { calls } = fakeFetch({})
    const refs = setup()
    await refs.addFiles([new File(['%PDF'], 'notes.pdf', { type: 'application/pdf' })])
    expect(refs.refusal).toBe('notes.pdf: not a PNG, JPEG, WebP or HEIC picture.')
    expect(calls).toHaveLength(0)
  })

  it('takes a HEIC photo whose type the browser left empty', async () => {
    fakeFetch({ 'POST /api/image/references': uploaded('r1') })
    const refs = setup()
    await refs.addFiles([picture('IMG_0001.HEIC', '')])
    expect(refs.ready.map((c) => c.id)).toEqual(['r1'])
  })

  it('keeps the server’s sentence on a picture it refused, and leaves it out of the send', async () => {
    const refusal = { success: false, error: 'The file is not a picture the dashboard can read.', error_code: 'validation_error', detail: [{ loc: ['file'] }] }
    fakeFetch({ 'POST /api/image/references': json(refusal, 422) })
    const refs = setup()
    await refs.addFiles([picture('broken.png')])
    expect(refs.chips[0]?.error).toBe('The file is not a picture the dashboard can read.')
    expect(refs.asks).toEqual([])
  })

  it('offers a picture the dashboard made once, however often it is asked', () => {
    const refs = setup()
    refs.addMade({ id: 'img1', thumbnailUrl: '/t/img1' }, 'Turn 1')
    refs.addMade({ id: 'img1', thumbnailUrl: '/t/img1' }, 'Turn 1')
    expect(refs.asks).toEqual([{ id: 'img1' }])
  })
})
