import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Tool, ToolTestResult } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { draftFromTool, draftToData, emptyDraft, type ToolDraft } from '../model/tool-draft.ts'

/** The tool being created or edited, saving it, and test runs of the saved version. */
export const useToolEditorStore = defineStore('tools/editor', () => {
  const toolId = ref<string>()
  const draft = ref<ToolDraft>(emptyDraft())
  const secretNames = ref<string[]>([])
  const dirty = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const error = ref<unknown>()
  const testing = ref(false)
  const testError = ref<unknown>()
  const testResult = ref<ToolTestResult>()

  function reset(tool?: Tool) {
    toolId.value = tool?.id
    draft.value = tool ? draftFromTool(tool) : emptyDraft()
    secretNames.value = tool?.secretNames ?? []
    dirty.value = false
    testResult.value = undefined
    testError.value = undefined
  }

  async function open(id: string | undefined) {
    error.value = undefined
    reset()
    if (!id) return
    loading.value = true
    try {
      reset(await useApi().service('tools').get(id))
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  function edit(change: (draft: ToolDraft) => void) {
    change(draft.value)
    dirty.value = true
  }

  async function save(): Promise<Tool | undefined> {
    saving.value = true
    error.value = undefined
    try {
      const tools = useApi().service('tools')
      const data = draftToData(draft.value)
      const saved = toolId.value ? await tools.patch(toolId.value, data) : await tools.create(data)
      reset(saved)
      return saved
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      saving.value = false
    }
  }

  async function test(args: Record<string, unknown>) {
    if (!toolId.value) return
    testing.value = true
    testError.value = undefined
    testResult.value = undefined
    try {
      testResult.value = await useApi().service('tools/:toolId/test').create({ args }, { route: { toolId: toolId.value } })
    } catch (caught) {
      testError.value = caught
    } finally {
      testing.value = false
    }
  }

  return { toolId, draft, secretNames, dirty, loading, saving, error, testing, testError, testResult, open, edit, save, test }
})
