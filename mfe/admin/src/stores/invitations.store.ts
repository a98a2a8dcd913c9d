import { defineStore } from 'pinia'
import type { Invitation, InvitationData } from '@troupe/sdk'
import { useApi, useResourceList } from '@troupe/mfe-kit'

/** Pending invitations of the tenant (admins only): invite an address by mail, revoke a link. */
export const useInvitationsStore = defineStore('admin/invitations', () => {
  const { items: invitations, loading, error, load, remove: revoke, upsert } = useResourceList<Invitation>({
    fetch: () => useApi().service('invitations').find({ query: { $limit: 100, $sort: { createdAt: -1 } } }),
    destroy: (id) => useApi().service('invitations').remove(id)
  })

  /** Mails an invitation; true when it went out. */
  async function invite(data: InvitationData): Promise<boolean> {
    error.value = undefined
    try {
      upsert(await useApi().service('invitations').create(data))
      return true
    } catch (caught) {
      error.value = caught
      return false
    }
  }

  return { invitations, loading, error, load, invite, revoke }
})
