import { computed, ref } from 'vue'
import { fieldError, fieldErrors } from '../api/describe-error.ts'

/**
 * One form's submissions: `run(work)` marks the form busy and clears the last error, keeps what
 * `work` throws (the whole `error`, and each field's message through `fieldError(path)`) and answers
 * whether it succeeded; it never throws. `dismiss()` clears the error the page shows.
 */
export function useSubmission() {
  const busy = ref(false)
  const error = ref<unknown>()
  const errors = computed(() => fieldErrors(error.value))

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    busy.value = true
    error.value = undefined
    try {
      await work()
      return true
    } catch (caught) {
      error.value = caught
      return false
    } finally {
      busy.value = false
    }
  }

  return {
    busy,
    error,
    run,
    fieldError: (path: string): string | undefined => fieldError(errors.value, path),
    dismiss: () => {
      error.value = undefined
    }
  }
}
