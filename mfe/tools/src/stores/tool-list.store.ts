import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Tool } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The tenant's tools by name, kept current by the `tools` service events. */
export const useToolListStore = defineStore('tools/list', () => {
  const tools = ref<Tool[]>([])
  const loading = ref(false)
  const error = ref<unknown>()

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      tools.value = (await useApi().service('tools').find({ query: { $limit: 100, $sort: { name: 1 } } })).data
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function remove(id: string) {
    error.value = undefined
    try {
      await useApi().service('tools').remove(id)
      forget({ id } as Tool)
    } catch (caught) {
      error.value = caught
    }
  }

  function upsert(tool: Tool) {
    tools.value = [...tools.value.filter((item) => item.id !== tool.id), tool].sort((a, b) => a.name.localeCompare(b.name))
  }

  function forget(tool: Pick<Tool, 'id'>) {
    tools.value = tools.value.filter((item) => item.id !== tool.id)
  }

  return { tools, loading, error, load, remove, upsert, forget }
})
