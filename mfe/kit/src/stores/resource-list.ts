import { ref, type Ref } from 'vue'

/** One page of a service's `find`, as far as a list needs it. */
export interface ResourcePage<T> {
  data: T[]
  total?: number
}

export interface ResourceListOptions<T extends { id: string }> {
  /** Fetches the list (the first page, already in display order). */
  fetch: () => Promise<ResourcePage<T>>
  /** Deletes one record on the server. */
  destroy: (id: string) => Promise<unknown>
  /** Keeps the list in this order on `upsert`; without it a created or changed record goes first. */
  order?: (a: T, b: T) => number
}

/**
 * The state and actions of a list of records, for use inside a Pinia setup store:
 * loading it, deleting from it and keeping it current from service events, with the last error.
 */
export function useResourceList<T extends { id: string }>(options: ResourceListOptions<T>) {
  const items = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<unknown>()

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      const page = await options.fetch()
      items.value = page.data
      total.value = page.total ?? page.data.length
      loaded.value = true
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function remove(id: string) {
    error.value = undefined
    try {
      await options.destroy(id)
      forget({ id })
      total.value -= 1
    } catch (caught) {
      error.value = caught
    }
  }

  function upsert(item: T) {
    const others = items.value.filter((existing) => existing.id !== item.id)
    items.value = options.order ? [...others, item].sort(options.order) : [item, ...others]
  }

  function forget(item: Pick<T, 'id'>) {
    items.value = items.value.filter((existing) => existing.id !== item.id)
  }

  return { items, total, loading, loaded, error, load, remove, upsert, forget }
}

/** Orders records by name, as the lists sorted by name on the server show them. */
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
