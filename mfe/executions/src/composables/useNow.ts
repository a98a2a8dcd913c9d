import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** The current time, ticking every `intervalMs` while `active` is true (for live durations). */
export function useNow(active: Ref<boolean>, intervalMs = 500): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  watch(
    active,
    (on) => {
      clearInterval(timer)
      now.value = Date.now()
      if (on) timer = setInterval(() => (now.value = Date.now()), intervalMs)
    },
    { immediate: true }
  )
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
