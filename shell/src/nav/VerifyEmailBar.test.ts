// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi, useSessionStore } from '@troupe/mfe-kit'
import VerifyEmailBar from './VerifyEmailBar.vue'

const user = { id: 'u1', tenantId: 't1', email: 'ann@acme.test', name: 'Ann', role: 'admin' as const, createdAt: '', updatedAt: '' }

function mountWith(emailVerifiedAt: string | null | undefined, create = vi.fn()) {
  setActivePinia(createPinia())
  setApi({ service: (path: string) => (path === 'email-verifications' ? { create } : {}) } as unknown as TroupeClient)
  useSessionStore().setUser({ ...user, ...(emailVerifiedAt === undefined ? {} : { emailVerifiedAt }) })
  return mount(VerifyEmailBar)
}

describe('VerifyEmailBar', () => {
  it('asks an unproven user to confirm its address and mails the link again on request', async () => {
    const create = vi.fn(async () => ({ sent: true, message: 'A link to confirm ann@acme.test is on its way.' }))
    const wrapper = mountWith(null, create)
    expect(wrapper.get('[role="region"]').attributes('aria-label')).toBe('Email address not confirmed')
    expect(wrapper.text()).toContain('ann@acme.test')
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(create).toHaveBeenCalledWith({})
    expect(wrapper.get('[role="status"]').text()).toBe('A link to confirm ann@acme.test is on its way.')
  })

  it('says what the server answered when asking again is refused', async () => {
    const create = vi.fn(async () => {
      throw Object.assign(new Error('Too many verification mails asked for: try again later'), { code: 429 })
    })
    const wrapper = mountWith(null, create)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toContain('Too many verification mails')
  })

  it('shows nothing for a proven address, or for a server that does not say', () => {
    expect(mountWith('2026-12-07T10:00:00.000Z').html()).not.toContain('region')
    expect(mountWith(undefined).html()).not.toContain('region')
  })
})
