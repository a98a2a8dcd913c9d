import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { Agent } from '@troupe/sdk'
import { byName, useResourceList, useApi } from '@troupe/mfe-kit'

/** The tenant's agents by name, kept current by the `agents` service events. */
export const useAgentsStore = defineStore('crews/agents', () => {
  const { items: agents, loading, loaded, error, load, remove, upsert, forget } = useResourceList<Agent>({
    fetch: () => useApi().service('agents').find({ query: { $limit: 100, $sort: { name: 1 } } }),
    destroy: (id) => useApi().service('agents').remove(id),
    order: byName
  })
  const names = computed<Record<string, string>>(() => Object.fromEntries(agents.value.map((agent) => [agent.id, agent.name])))

  return { agents, names, loading, loaded, error, load, remove, upsert, forget }
})
