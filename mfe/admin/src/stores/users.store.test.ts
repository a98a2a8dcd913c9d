import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useUsersStore } from './users.store.ts'

const ann = { id: 'u1', name: 'Ann', email: 'ann@acme.test', role: 'admin' }
const vic = { id: 'u2', name: 'Vic', email: 'vic@acme.test', role: 'viewer' }
const users = { find: vi.fn(), create: vi.fn(), patch: vi.fn(), remove: vi.fn() }

describe('users store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: () => users } as unknown as TroupeClient)
    Object.values(users).forEach((mock) => mock.mockReset())
  })

  it('invites a viewer and lists them by name', async () => {
    users.find.mockResolvedValue({ data: [ann] })
    users.create.mockResolvedValue(vic)
    const store = useUsersStore()
    await store.load()
    expect(await store.invite({ name: 'Vic', email: 'vic@acme.test', password: 'a long password', role: 'viewer' })).toBe(true)
    expect(users.create).toHaveBeenCalledWith({ name: 'Vic', email: 'vic@acme.test', password: 'a long password', role: 'viewer' })
    expect(store.users.map((user) => user.name)).toEqual(['Ann', 'Vic'])
  })

  it('shows why an invitation was refused and keeps the list', async () => {
    users.find.mockResolvedValue({ data: [ann] })
    users.create.mockRejectedValue({ code: 409, message: 'email already exists' })
    const store = useUsersStore()
    await store.load()
    expect(await store.invite({ name: 'Ann', email: 'ann@acme.test', password: 'a long password' })).toBe(false)
    expect(store.error).toMatchObject({ message: 'email already exists' })
    expect(store.users).toEqual([ann])
  })

  it('changes a role and removes a user', async () => {
    users.find.mockResolvedValue({ data: [ann, vic] })
    users.patch.mockResolvedValue({ ...vic, role: 'member' })
    users.remove.mockResolvedValue(vic)
    const store = useUsersStore()
    await store.load()
    await store.changeRole('u2', 'member')
    expect(store.users.find((user) => user.id === 'u2')!.role).toBe('member')
    await store.remove('u2')
    expect(store.users).toEqual([ann])
  })
})
