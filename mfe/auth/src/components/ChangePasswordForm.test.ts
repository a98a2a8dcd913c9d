// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient, User } from '@troupe/sdk'
import { setApi, useSessionStore } from '@troupe/mfe-kit'
import ChangePasswordForm from './ChangePasswordForm.vue'

const me: User = { id: 'u1', tenantId: 't1', name: 'Ann', email: 'ann@acme.test', role: 'member', createdAt: '', updatedAt: '' }
const users = { patch: vi.fn() }

function render() {
  return mount(ChangePasswordForm, { attachTo: document.body })
}

async function fill(wrapper: ReturnType<typeof render>, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    const id = wrapper.findAll('label').find((item) => item.text().replace(' *', '') === label)!.attributes('for')
    await wrapper.find(`#${id}`).setValue(value)
  }
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

const errorUnder = (wrapper: ReturnType<typeof render>, label: string) => {
  const id = wrapper.findAll('label').find((item) => item.text().replace(' *', '') === label)!.attributes('for')
  const input = wrapper.find(`#${id}`)
  const described = (input.attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  return { invalid: input.attributes('aria-invalid') === 'true', messages: described.map((ref) => wrapper.find(`#${ref}`).text()) }
}

describe('ChangePasswordForm', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    users.patch.mockReset()
    setApi({ service: () => users } as unknown as TroupeClient)
    useSessionStore().setUser(me)
  })

  it('checks the form before sending: a confirmation that does not match stays here', async () => {
    const wrapper = render()
    await fill(wrapper, { 'Current password': 'old password', 'New password': 'a new password', 'Confirm new password': 'a new passwort' })
    expect(users.patch).not.toHaveBeenCalled()
    expect(errorUnder(wrapper, 'Confirm new password')).toEqual({ invalid: true, messages: ['Does not match the new password.'] })
    expect(document.activeElement?.getAttribute('name')).toBe('confirm-password')
    wrapper.unmount()
  })

  it('sends the new and the current password, then confirms, clears the form and keeps the user signed in', async () => {
    users.patch.mockResolvedValue({ ...me, updatedAt: 'now' })
    const wrapper = render()
    await fill(wrapper, { 'Current password': 'old password', 'New password': 'a new password', 'Confirm new password': 'a new password' })
    expect(users.patch).toHaveBeenCalledWith('u1', { password: 'a new password', currentPassword: 'old password' })
    expect(wrapper.find('[data-testid="password-changed"]').attributes('role')).toBe('status')
    expect(wrapper.find('[data-testid="password-changed"]').text()).toContain('Your password has been changed')
    expect(wrapper.findAll('input').map((input) => (input.element as HTMLInputElement).value)).toEqual(['', '', ''])
    expect(useSessionStore().user).toMatchObject({ id: 'u1', updatedAt: 'now' })
    wrapper.unmount()
  })

  it('shows a wrong current password under its field', async () => {
    users.patch.mockRejectedValue({ code: 400, message: 'currentPassword is not your current password', data: [{ field: 'currentPassword', message: 'is not your current password' }] })
    const wrapper = render()
    await fill(wrapper, { 'Current password': 'wrong guess', 'New password': 'a new password', 'Confirm new password': 'a new password' })
    expect(errorUnder(wrapper, 'Current password')).toEqual({ invalid: true, messages: ['That is not your current password.'] })
    expect(wrapper.find('[data-testid="password-changed"]').exists()).toBe(false)
    expect(wrapper.find('.alert--error').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows other refusals above the form', async () => {
    users.patch.mockRejectedValue({ code: 429, message: 'Too many failed logins: try again later' })
    const wrapper = render()
    await fill(wrapper, { 'Current password': 'old password', 'New password': 'a new password', 'Confirm new password': 'a new password' })
    expect(wrapper.find('.alert--error').text()).toContain('Too many failed logins')
    wrapper.unmount()
  })
})
