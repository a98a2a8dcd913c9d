import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Execution } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { executionQuery, matchesFilters, type ExecutionFilters } from '../model/execution-filters.ts'

const pageSize = 25
const coreTriggers = ['manual', 'webhook', 'error', 'subflow', 'rerun'] as const

/** A filtered page of executions, with statuses kept live by the `executions` service events. */
export const useExecutionListStore = defineStore('executions/list', () => {
  const filters = ref<ExecutionFilters>({})
  const skip = ref(0)
  const executions = ref<Execution[]>([])
  const total = ref(0)
  const flowNames = ref<Record<string, string>>({})
  const crewNames = ref<Record<string, string>>({})
  /** What started executions: the core's doors, then the trigger types of the loaded plugins. */
  const triggers = ref<string[]>([...coreTriggers])
  const loading = ref(false)
  const error = ref<unknown>()

  async function loadFlowNames() {
    try {
      const flows = await useApi().service('flows').find({ query: { $limit: 100, $sort: { name: 1 } } })
      flowNames.value = Object.fromEntries(flows.data.map((flow) => [flow.id, flow.name]))
      const crews = await useApi().service('crews').find({ query: { $limit: 100, $sort: { name: 1 } } })
      crewNames.value = Object.fromEntries(crews.data.map((crew) => [crew.id, crew.name]))
      const plugins = await useApi().service('plugins').find()
      triggers.value = [...coreTriggers, ...plugins.data.flatMap((plugin) => plugin.contributes.triggerTypes ?? [])]
    } catch (caught) {
      error.value = caught
    }
  }

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      const page = await useApi().service('executions').find({ query: executionQuery(filters.value, skip.value, pageSize) })
      executions.value = page.data
      total.value = page.total
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  function setFilters(next: ExecutionFilters) {
    filters.value = next
    skip.value = 0
    return load()
  }

  function goToPage(offset: number) {
    skip.value = Math.max(0, offset)
    return load()
  }

  function onCreated(execution: Execution) {
    if (skip.value > 0 || !matchesFilters(execution, filters.value) || executions.value.some((item) => item.id === execution.id)) return
    executions.value = [execution, ...executions.value].slice(0, pageSize)
    total.value += 1
  }

  function onPatched(execution: Execution) {
    const index = executions.value.findIndex((item) => item.id === execution.id)
    if (index === -1) return
    if (matchesFilters(execution, filters.value)) executions.value.splice(index, 1, execution)
    else executions.value.splice(index, 1)
  }

  return { filters, skip, pageSize, executions, total, flowNames, crewNames, triggers, loading, error, load, loadFlowNames, setFilters, goToPage, onCreated, onPatched }
})
