import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PluginInfo } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { toolKinds } from '@troupe/sdk'

export type PluginToolKind = NonNullable<PluginInfo['contributes']['toolKinds']>[number] & { plugin: string }

const builtinLabels: Record<(typeof toolKinds)[number], string> = { code: 'Code', http: 'HTTP request', mcp: 'MCP server tool' }

/** The kinds a tool can have: the core's three and those the loaded plugins contribute (`GET /plugins`). */
export const useToolKindsStore = defineStore('tools/kinds', () => {
  const pluginKinds = ref<PluginToolKind[]>([])
  const error = ref<unknown>()
  const loaded = ref(false)
  let loading: Promise<void> | undefined

  const choices = computed(() => [
    ...toolKinds.map((kind) => ({ value: kind as string, label: builtinLabels[kind] })),
    ...pluginKinds.value.map((kind) => ({ value: kind.kind, label: `${kind.displayName} (${kind.plugin})` }))
  ])
  const byKind = computed(() => new Map(pluginKinds.value.map((kind) => [kind.kind, kind])))

  function load(): Promise<void> {
    loading ??= (async () => {
      error.value = undefined
      try {
        const page = await useApi().service('plugins').find()
        pluginKinds.value = page.data.flatMap((plugin) => (plugin.contributes.toolKinds ?? []).map((kind) => ({ ...kind, plugin: plugin.id })))
        loaded.value = true
      } catch (caught) {
        error.value = caught
        loading = undefined
      }
    })()
    return loading
  }

  return { pluginKinds, choices, byKind, loaded, error, load }
})
