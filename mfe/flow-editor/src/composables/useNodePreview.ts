import { onScopeDispose, ref, watch, type Ref } from 'vue'
import type { NodeTypePreview } from '@troupe/sdk'
import { describeError, useApi } from '@troupe/mfe-kit'

/** How long params must stay still before the preview is asked again. */
const settleMs = 400

/**
 * What a node type says about the node's params (`POST /node-type-previews`: a schedule's next
 * fire times), asked again once the params settle; the last answer wins. `problem` is the first
 * thing wrong with the params, as the server names it.
 */
export function useNodePreview(type: Ref<{ type: string; version: number; preview: boolean } | undefined>, params: Ref<Record<string, unknown>>) {
  const preview = ref<NodeTypePreview>()
  const problem = ref<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0

  async function ask(nodeType: string, version: number, values: Record<string, unknown>) {
    const ticket = ++asked
    try {
      const answer = await useApi().service('node-type-previews').create({ type: nodeType, version, params: values })
      if (ticket !== asked) return
      preview.value = answer
      problem.value = undefined
    } catch (error) {
      if (ticket !== asked) return
      preview.value = undefined
      const { message, fields } = describeError(error)
      problem.value = fields[0] ? `${fields[0].field.replace(/^params\./, '')} ${fields[0].message}` : message
    }
  }

  watch(
    [type, params],
    ([nodeType, values]) => {
      clearTimeout(timer)
      if (!nodeType?.preview) {
        preview.value = undefined
        problem.value = undefined
        return
      }
      timer = setTimeout(() => void ask(nodeType.type, nodeType.version, values), settleMs)
    },
    { immediate: true, deep: true }
  )
  onScopeDispose(() => clearTimeout(timer))
  return { preview, problem }
}
