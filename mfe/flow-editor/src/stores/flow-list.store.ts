import { defineStore } from 'pinia'
import type { Flow } from '@troupe/sdk'
import { useApi, useResourceList } from '@troupe/mfe-kit'

/** The tenant's flows, newest change first, kept current by the `flows` service events. */
export const useFlowListStore = defineStore('flow-editor/list', () => {
  const { items: flows, total, loading, error, load, remove, upsert, forget } = useResourceList<Flow>({
    fetch: () => useApi().service('flows').find({ query: { $limit: 100, $sort: { updatedAt: -1 } } }),
    destroy: (id) => useApi().service('flows').remove(id)
  })

  return { flows, total, loading, error, load, remove, upsert, forget }
})
