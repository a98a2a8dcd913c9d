import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Tool, ToolTestResult } from '@troupe/sdk'
import { useApi, useResourceEditor } from '@troupe/mfe-kit'
import { draftFromTool, draftToData, emptyDraft } from '../model/tool-draft.ts'

/** The tool being created or edited, saving it, and test runs of the saved version. */
export const useToolEditorStore = defineStore('tools/editor', () => {
  const secretNames = ref<string[]>([])
  const testing = ref(false)
  const testError = ref<unknown>()
  const testResult = ref<ToolTestResult>()

  const { id: toolId, draft, dirty, loading, saving, error, open, edit, save } = useResourceEditor({
    empty: emptyDraft,
    fromRecord: draftFromTool,
    toData: (current) => ({ data: draftToData(current) }),
    get: (id) => useApi().service('tools').get(id),
    create: (data) => useApi().service('tools').create(data),
    patch: (id, data) => useApi().service('tools').patch(id, data),
    onReset: (tool?: Tool) => {
      secretNames.value = tool?.secretNames ?? []
      testResult.value = undefined
      testError.value = undefined
    }
  })

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
