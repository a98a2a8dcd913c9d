import { defineStore } from 'pinia'
import type { Tool } from '@troupe/sdk'
import { byName, useApi, useResourceList } from '@troupe/mfe-kit'

/** The tenant's tools by name, kept current by the `tools` service events. */
export const useToolListStore = defineStore('tools/list', () => {
  const { items: tools, loading, error, load, remove, upsert, forget } = useResourceList<Tool>({
    fetch: () => useApi().service('tools').find({ query: { $limit: 100, $sort: { name: 1 } } }),
    destroy: (id) => useApi().service('tools').remove(id),
    order: byName
  })

  return { tools, loading, error, load, remove, upsert, forget }
})
