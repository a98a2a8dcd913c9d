import { defineStore } from 'pinia'
import type { Crew } from '@troupe/sdk'
import { byName, useResourceList, useApi } from '@troupe/mfe-kit'

/** The tenant's crews by name, kept current by the `crews` service events. */
export const useCrewsStore = defineStore('crews/crews', () => {
  const { items: crews, loading, error, load, remove, upsert, forget } = useResourceList<Crew>({
    fetch: () => useApi().service('crews').find({ query: { $limit: 100, $sort: { name: 1 } } }),
    destroy: (id) => useApi().service('crews').remove(id),
    order: byName
  })

  return { crews, loading, error, load, remove, upsert, forget }
})
