import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RoleName, User, UserData } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

/** The tenant's users (admins only), inviting, changing roles and removing. */
export const useUsersStore = defineStore('admin/users', () => {
  const users = ref<User[]>([])
  const loading = ref(false)
  const error = ref<unknown>()

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    error.value = undefined
    try {
      return await action()
    } catch (caught) {
      error.value = caught
      return undefined
    }
  }

  async function load() {
    loading.value = true
    await run(async () => {
      users.value = (await useApi().service('users').find({ query: { $limit: 100, $sort: { name: 1 } } })).data
    })
    loading.value = false
  }

  const replace = (user: User) => {
    users.value = [...users.value.filter((item) => item.id !== user.id), user].sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Adds a user with an initial password to share with them; true when it worked. */
  async function invite(data: UserData): Promise<boolean> {
    const user = await run(() => useApi().service('users').create(data))
    if (user) replace(user)
    return !!user
  }

  async function changeRole(id: string, role: RoleName) {
    const user = await run(() => useApi().service('users').patch(id, { role }))
    if (user) replace(user)
  }

  async function remove(id: string) {
    const removed = await run(() => useApi().service('users').remove(id))
    if (removed) users.value = users.value.filter((user) => user.id !== id)
  }

  return { users, loading, error, load, invite, changeRole, remove }
})
