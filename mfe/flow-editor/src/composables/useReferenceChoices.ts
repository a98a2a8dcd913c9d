import { ref } from 'vue'
import { useApi } from '@troupe/mfe-kit'
import type { ReferenceKind } from '@troupe/mfe-kit'

export type ReferenceChoice = { value: string; label: string }
type Choices = Partial<Record<ReferenceKind, ReferenceChoice[]>>

/** Most records a picker lists; the picker filters them by name as the user types. */
const pickerLimit = 200

/** A record's label in a picker: its name (a provider's kind after it, unless the name says it already), else its id. */
export function choiceOf(record: { id: string; name?: unknown; kind?: unknown }, path: ReferenceKind): ReferenceChoice {
  const name = typeof record.name === 'string' && record.name ? record.name : record.id
  const kind = path === 'llm-providers' && typeof record.kind === 'string' && !name.toLowerCase().includes(record.kind.toLowerCase()) ? record.kind : undefined
  return { value: record.id, label: kind ? `${name} (${kind})` : name }
}

/**
 * The tenant's records, as choices for params that refer to one by id (`x-troupe-ref`): each
 * service is read once, the first time a form needs it (`ensure`), sorted by name, so opening
 * the editor costs no read for pickers nobody looks at.
 */
export function useReferenceChoices() {
  const choices = ref<Choices>({})
  const error = ref<unknown>()
  const asked = new Set<ReferenceKind>()

  async function ensure(paths: Iterable<ReferenceKind>) {
    const api = useApi()
    const missing = [...paths].filter((path) => !asked.has(path))
    for (const path of missing) asked.add(path)
    await Promise.all(
      missing.map(async (path) => {
        try {
          // Any service with records of `id` and `name` (a plugin's own too): not in the typed table.
          const service = api.service(path as 'tools') as unknown as { find(params: object): Promise<{ data: Array<{ id: string; name?: unknown; kind?: unknown }> }> }
          const page = await service.find({ query: { $limit: pickerLimit, $sort: { name: 1 } } })
          choices.value = { ...choices.value, [path]: page.data.map((record) => choiceOf(record, path)) }
        } catch (caught) {
          // Asked again the next time a form needs it.
          asked.delete(path)
          error.value = caught
        }
      })
    )
  }

  return { choices, error, ensure }
}
