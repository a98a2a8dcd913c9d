import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { NodeTypeInfo } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The node types the server's plugins offer (`/api/v1/node-types`), loaded once. */
export const useNodeTypesStore = defineStore('flow-editor/node-types', () => {
  const types = ref<NodeTypeInfo[]>([])
  const loading = ref(false)
  const error = ref<unknown>()
  let loaded: Promise<void> | undefined

  const byType = computed(() => new Map(types.value.map((type) => [type.type, type])))
  /** Types grouped by category, triggers first, for the palette. */
  const categories = computed(() => {
    const groups = new Map<string, NodeTypeInfo[]>()
    const sorted = [...types.value].sort((a, b) => Number(b.trigger) - Number(a.trigger) || a.displayName.localeCompare(b.displayName))
    for (const type of sorted) groups.set(type.category, [...(groups.get(type.category) ?? []), type])
    return [...groups.entries()].map(([name, items]) => ({ name, items }))
  })

  function load(): Promise<void> {
    loaded ??= (async () => {
      loading.value = true
      error.value = undefined
      try {
        const page = await useApi().service('node-types').find()
        types.value = page.data
      } catch (caught) {
        error.value = caught
        loaded = undefined
      } finally {
        loading.value = false
      }
    })()
    return loaded
  }

  return { types, loading, error, byType, categories, load }
})
