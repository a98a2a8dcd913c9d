import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useApi, useSessionStore } from '@troupe/mfe-kit'

/**
 * Changing the signed-in user's password. The server checks `currentPassword`, ends the user's
 * other sessions and keeps this one (its refresh cookie included), so the user stays signed in.
 */
export const usePasswordChangeStore = defineStore('auth/password-change', () => {
  const saving = ref(false)
  const error = ref<unknown>()
  /** When the last change went through, for the confirmation. */
  const changedAt = ref<Date>()

  async function change(currentPassword: string, password: string): Promise<boolean> {
    const session = useSessionStore()
    if (!session.user) return false
    saving.value = true
    error.value = undefined
    changedAt.value = undefined
    try {
      session.setUser(await useApi().service('users').patch(session.user.id, { password, currentPassword }))
      changedAt.value = new Date()
      return true
    } catch (caught) {
      error.value = caught
      return false
    } finally {
      saving.value = false
    }
  }

  function reset() {
    error.value = undefined
    changedAt.value = undefined
  }

  return { saving, error, changedAt, change, reset }
})
