import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Agent } from '@troupe/sdk'
import { crewService } from '@troupe/mfe-kit'

const byName = (a: Agent, b: Agent) => a.name.localeCompare(b.name)

/** The tenant's agents by name, kept current by the `agents` service events. */
export const useAgentsStore = defineStore('crews/agents', () => {
  const agents = ref<Agent[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<unknown>()
  const names = computed<Record<string, string>>(() => Object.fromEntries(agents.value.map((agent) => [agent.id, agent.name])))

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      agents.value = (await crewService('agents').find({ query: { $limit: 100, $sort: { name: 1 } } })).data
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
      await crewService('agents').remove(id)
      forget({ id })
    } catch (caught) {
      error.value = caught
    }
  }

  function upsert(agent: Agent) {
    agents.value = [...agents.value.filter((item) => item.id !== agent.id), agent].sort(byName)
  }

  function forget(agent: Pick<Agent, 'id'>) {
    agents.value = agents.value.filter((item) => item.id !== agent.id)
  }

  return { agents, names, loading, loaded, error, load, remove, upsert, forget }
})
