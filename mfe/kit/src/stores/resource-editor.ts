import { computed, ref, type Ref } from 'vue'
import { fieldErrors } from '../api/describe-error.ts'

export interface ResourceEditorOptions<T extends { id: string }, D, Data> {
  /** The draft of a new record. */
  empty: () => D
  /** The draft of an existing record. */
  fromRecord: (record: T) => D
  /** The data to send for a draft, or per API field name what cannot be read in it. */
  toData: (draft: D) => { data: Data } | { errors: Record<string, string> }
  get: (id: string) => Promise<T>
  create: (data: Data) => Promise<T>
  patch: (id: string, data: Data) => Promise<T>
  /** Called whenever the editor starts over on a record (or on a new one). */
  onReset?: (record?: T) => void
}

/**
 * The state and actions of a record being created or edited, for use inside a Pinia setup store:
 * opening it, editing its draft, saving it, and the errors per field.
 */
export function useResourceEditor<T extends { id: string }, D, Data>(options: ResourceEditorOptions<T, D, Data>) {
  const id = ref<string>()
  const draft = ref(options.empty()) as Ref<D>
  const dirty = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const error = ref<unknown>()
  const localErrors = ref<Record<string, string>>({})
  /** Per API field name: what is wrong with it (unreadable input here, or the server's verdict). */
  const errors = computed(() => ({ ...fieldErrors(error.value), ...localErrors.value }))

  function reset(record?: T) {
    id.value = record?.id
    draft.value = record ? options.fromRecord(record) : options.empty()
    dirty.value = false
    localErrors.value = {}
    options.onReset?.(record)
  }

  async function open(recordId: string | undefined) {
    error.value = undefined
    reset()
    if (!recordId) return
    loading.value = true
    try {
      reset(await options.get(recordId))
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  function edit(change: (draft: D) => void) {
    change(draft.value)
    dirty.value = true
  }

  async function save(): Promise<T | undefined> {
    const read = options.toData(draft.value)
    localErrors.value = 'errors' in read ? read.errors : {}
    if ('errors' in read) return undefined
    saving.value = true
    error.value = undefined
    try {
      const saved = id.value ? await options.patch(id.value, read.data) : await options.create(read.data)
      reset(saved)
      return saved
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      saving.value = false
    }
  }

  return { id, draft, dirty, loading, saving, error, errors, reset, open, edit, save }
}
