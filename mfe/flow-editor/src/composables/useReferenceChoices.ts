import { ref } from 'vue'
import { useApi } from '@troupe/mfe-kit'
import type { ReferenceKind } from '@troupe/mfe-kit'

type Choices = Partial<Record<ReferenceKind, { value: string; label: string }[]>>

/** Tools, LLM providers and flows of the tenant, as choices for params (and settings) that refer to one by id. */
export function useReferenceChoices() {
  const choices = ref<Choices>({})
  const error = ref<unknown>()

  async function load() {
    const api = useApi()
    try {
      const [tools, providers, flows] = await Promise.all([
        api.service('tools').find({ query: { $limit: 100, $sort: { name: 1 } } }),
        api.service('llm-providers').find({ query: { $limit: 100, $sort: { priority: 1 } } }),
        api.service('flows').find({ query: { $limit: 100, $sort: { name: 1 }, $select: ['id', 'name'] } })
      ])
      choices.value = {
        tools: tools.data.map((tool) => ({ value: tool.id, label: tool.name })),
        'llm-providers': providers.data.map((provider) => ({ value: provider.id, label: `${provider.name} (${provider.kind})` })),
        flows: flows.data.map((flow) => ({ value: flow.id, label: flow.name }))
      }
    } catch (caught) {
      error.value = caught
    }
  }

  return { choices, error, load }
}
