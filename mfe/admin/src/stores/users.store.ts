import { defineStore } from 'pinia'
import type { RoleName, User, UserData } from '@troupe/sdk'
import { byName, useApi, useResourceList } from '@troupe/mfe-kit'

/** The tenant's users (admins only), inviting, changing roles and removing. */
export const useUsersStore = defineStore('admin/users', () => {
  const { items: users, loading, error, load, remove, upsert: replace } = useResourceList<User>({
    fetch: () => useApi().service('users').find({ query: { $limit: 100, $sort: { name: 1 } } }),
    destroy: (id) => useApi().service('users').remove(id),
    order: byName
  })

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    error.value = undefined
    try {
      return await action()
    } catch (caught) {
      error.value = caught
      return undefined
    }
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

  return { users, loading, error, load, invite, changeRole, remove }
})
