/** Short local date and time (`26 Nov, 13:32:37`). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** A duration in ms as `850 ms`, `2.4 s` or `3 min 5 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** Time between two ISO timestamps (to now when the second is missing). */
export function durationBetween(start: string | null | undefined, end: string | null | undefined, now = Date.now()): number | undefined {
  if (!start) return undefined
  return (end ? Date.parse(end) : now) - Date.parse(start)
}

/** US dollars with enough precision for LLM costs (`$0.0042`). */
/** `1 tool`, `3 tools`: a count with its noun, plural when it is not one (`plural` for irregular nouns). */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`
}

export function formatUsd(amount: number | null | undefined): string {
  if (!amount) return '$0.00'
  return amount >= 1 ? `$${amount.toFixed(2)}` : `$${amount.toPrecision(2)}`
}
