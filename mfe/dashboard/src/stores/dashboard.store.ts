import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { isTerminalExecutionStatus, type DashboardDay, type Execution, type UsageRow } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { lastDays, outcomesFromDays, spendByDay } from '../model/daily-series.ts'

const dayCount = 14

/** Counts, recent executions and the last two weeks' outcomes and LLM spend, read in one call (`/dashboard`). */
export const useDashboardStore = defineStore('dashboard/overview', () => {
  const counts = ref({ flows: 0, executions: 0, tools: 0, running: 0 })
  const recent = ref<Execution[]>([])
  const flowNames = ref<Record<string, string>>({})
  const days = ref<DashboardDay[]>(lastDays(dayCount, new Date()).map((day) => ({ day, succeeded: 0, failed: 0, cancelled: 0 })))
  const spendRows = ref<UsageRow[]>([])
  const spendTotal = ref<Omit<UsageRow, 'key'>>()
  const loading = ref(false)
  const error = ref<unknown>()
  /** Executions seen ending live, counted once into their day. */
  const endedLive = new Set<string>()

  const dayNames = computed(() => days.value.map(({ day }) => day))
  const outcomes = computed(() => outcomesFromDays(days.value))
  const spend = computed(() => spendByDay(spendRows.value, dayNames.value))

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      const summary = await useApi().service('dashboard').find({ query: { days: dayCount } })
      counts.value = summary.counts
      recent.value = summary.recent
      flowNames.value = summary.flowNames
      days.value = summary.outcomes
      spendRows.value = summary.spend
      spendTotal.value = summary.spendTotal
      endedLive.clear()
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  /** Keeps the recent list, the counts and today's outcomes current as executions start and end. */
  function onExecution(execution: Execution) {
    const before = recent.value.find((item) => item.id === execution.id)
    recent.value = before ? recent.value.map((item) => (item.id === execution.id ? execution : item)) : [execution, ...recent.value].slice(0, 8)
    if (!before && !isTerminalExecutionStatus(execution.status) && execution.status !== 'waiting' && !endedLive.has(execution.id)) {
      counts.value = { ...counts.value, executions: counts.value.executions + 1, running: counts.value.running + 1 }
    }
    if (isTerminalExecutionStatus(execution.status) && !endedLive.has(execution.id)) {
      endedLive.add(execution.id)
      const day = execution.createdAt.slice(0, 10)
      days.value = days.value.map((entry) => (entry.day === day ? { ...entry, [execution.status]: entry[execution.status as 'succeeded' | 'failed' | 'cancelled'] + 1 } : entry))
      counts.value = { ...counts.value, running: Math.max(0, counts.value.running - 1) }
    }
  }

  return { counts, recent, flowNames, days: dayNames, outcomes, spend, spendTotal, loading, error, load, onExecution }
})
