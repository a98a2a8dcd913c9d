import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PluginInfo, toolKinds } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { isBuiltinKind } from '../model/tool-draft.ts'

export type PluginToolKind = NonNullable<PluginInfo['contributes']['toolKinds']>[number] & { plugin: string }

const builtinLabels: Record<(typeof toolKinds)[number], string> = { code: 'Code', http: 'HTTP request', mcp: 'MCP server tool' }

/**
 * The kinds a tool can have: the core's `code` and those the loaded plugins contribute (`GET
 * /plugins`), `http` and `mcp` among them when their plugins are loaded (the workspace has its own
 * forms for those two, the API's kinds since its first version).
 */
export const useToolKindsStore = defineStore('tools/kinds', () => {
  const pluginKinds = ref<PluginToolKind[]>([])
  const error = ref<unknown>()
  const loaded = ref(false)
  let loading: Promise<void> | undefined

  const choices = computed(() => [
    { value: 'code', label: builtinLabels.code },
    ...pluginKinds.value.map((kind) => ({ value: kind.kind, label: isBuiltinKind(kind.kind) ? builtinLabels[kind.kind] : `${kind.displayName} (${kind.plugin})` }))
  ])
  /** Whether a kind can be chosen here (its plugin is loaded); `true` until the list is known. */
  const offers = (kind: string) => !loaded.value || choices.value.some((choice) => choice.value === kind)
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

  return { pluginKinds, choices, byKind, offers, loaded, error, load }
})
