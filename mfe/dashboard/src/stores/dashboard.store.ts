import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Execution, UsageReport } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { lastDays, outcomesByDay, spendByDay } from '../model/daily-series.ts'

const dayCount = 14
const maxPages = 10

type ExecutionOutcome = Pick<Execution, 'id' | 'status' | 'createdAt'>

/** Counts, recent executions and the last two weeks' outcomes and LLM spend. */
export const useDashboardStore = defineStore('dashboard/overview', () => {
  const counts = ref({ flows: 0, executions: 0, tools: 0, running: 0 })
  const recent = ref<Execution[]>([])
  const flowNames = ref<Record<string, string>>({})
  const window = ref<ExecutionOutcome[]>([])
  const usage = ref<UsageReport>()
  const loading = ref(false)
  const error = ref<unknown>()
  const days = ref(lastDays(dayCount, new Date()))

  const outcomes = computed(() => outcomesByDay(window.value, days.value))
  const spend = computed(() => spendByDay(usage.value?.data ?? [], days.value))

  async function recentOutcomes(from: string): Promise<ExecutionOutcome[]> {
    const executions = useApi().service('executions')
    const all: ExecutionOutcome[] = []
    for (let page = 0; page < maxPages; page++) {
      const result = await executions.find({
        query: { createdAt: { $gte: from }, $select: ['id', 'status', 'createdAt'], $sort: { createdAt: -1 }, $limit: 100, $skip: page * 100 }
      })
      all.push(...result.data)
      if (all.length >= result.total || result.data.length === 0) break
    }
    return all
  }

  async function load() {
    loading.value = true
    error.value = undefined
    days.value = lastDays(dayCount, new Date())
    const from = `${days.value[0]}T00:00:00.000Z`
    const api = useApi()
    try {
      const [flows, executions, tools, running, latest, outcomes, report] = await Promise.all([
        api.service('flows').find({ query: { $limit: 100, $select: ['id', 'name'] } }),
        api.service('executions').find({ query: { $limit: 0 } }),
        api.service('tools').find({ query: { $limit: 0 } }),
        api.service('executions').find({ query: { $limit: 0, status: { $in: ['queued', 'running'] } } }),
        api.service('executions').find({ query: { $limit: 8, $sort: { createdAt: -1 } } }),
        recentOutcomes(from),
        api.service('usage').find({ query: { groupBy: 'day', from } })
      ])
      counts.value = { flows: flows.total, executions: executions.total, tools: tools.total, running: running.total }
      flowNames.value = Object.fromEntries(flows.data.map((flow) => [flow.id, flow.name]))
      recent.value = latest.data
      window.value = outcomes
      usage.value = report
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  /** Keeps the recent list and the running count current as executions change. */
  function onExecution(execution: Execution) {
    const known = recent.value.some((item) => item.id === execution.id)
    recent.value = known ? recent.value.map((item) => (item.id === execution.id ? execution : item)) : [execution, ...recent.value].slice(0, 8)
    const outcome = { id: execution.id, status: execution.status, createdAt: execution.createdAt }
    window.value = [...window.value.filter((item) => item.id !== execution.id), outcome]
    if (!known) counts.value = { ...counts.value, executions: counts.value.executions + 1 }
  }

  return { counts, recent, flowNames, outcomes, spend, usage, days, loading, error, load, onExecution }
})
