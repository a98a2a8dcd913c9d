import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Flow } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The tenant's flows, newest change first, kept current by the `flows` service events. */
export const useFlowListStore = defineStore('flow-editor/list', () => {
  const flows = ref<Flow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<unknown>()

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      const page = await useApi().service('flows').find({ query: { $limit: 100, $sort: { updatedAt: -1 } } })
      flows.value = page.data
      total.value = page.total
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function remove(id: string) {
    error.value = undefined
    try {
      await useApi().service('flows').remove(id)
      flows.value = flows.value.filter((flow) => flow.id !== id)
      total.value -= 1
    } catch (caught) {
      error.value = caught
    }
  }

  function upsert(flow: Flow) {
    const others = flows.value.filter((item) => item.id !== flow.id)
    flows.value = [flow, ...others]
  }

  function forget(flow: Flow) {
    flows.value = flows.value.filter((item) => item.id !== flow.id)
  }

  return { flows, total, loading, error, load, remove, upsert, forget }
})
