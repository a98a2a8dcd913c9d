// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useSessionStore } from '@troupe/mfe-kit'
import VerifyEmailView from './VerifyEmailView.vue'

const at = '2026-12-07T10:00:00.000Z'
const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

async function render(path: string, signedIn: boolean) {
  setActivePinia(createPinia())
  if (signedIn) useSessionStore().setUser({ id: 'u1', tenantId: 't1', name: 'Ann', email: 'ann@acme.test', role: 'admin', emailVerifiedAt: null, createdAt: at, updatedAt: at })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: VerifyEmailView }] })
  await router.push(path)
  const wrapper = mount(VerifyEmailView, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('VerifyEmailView', () => {
  const fetchMock = vi.fn<typeof fetch>()
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
  })

  it('proves the address of the link at once and shows the signed-in user as verified', async () => {
    vi.stubGlobal('fetch', fetchMock.mockResolvedValueOnce(answer(200, { verified: true, email: 'ann@acme.test' })))
    const wrapper = await render('/verify-email?token=abc', true)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/v1/email-verification-confirmations')
    expect(JSON.parse(String(init!.body))).toEqual({ token: 'abc' })
    expect(wrapper.get('[role="status"]').text()).toBe('ann@acme.test is confirmed. Thank you.')
    expect(wrapper.find('a').exists()).toBe(true)
    expect(useSessionStore().user?.emailVerifiedAt).toEqual(expect.any(String))
  })

  it("says why a link does not work, in the server's words", async () => {
    vi.stubGlobal('fetch', fetchMock.mockResolvedValueOnce(answer(400, { name: 'BadRequest', code: 400, message: 'This link is invalid, already used or expired: ask for a new one' })))
    const wrapper = await render('/verify-email?token=used', false)
    expect(wrapper.get('[role="alert"]').text()).toContain('invalid, already used or expired')
  })

  it('asks for the mailed link when the page has no token, without calling the server', async () => {
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = await render('/verify-email', false)
    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.get('[role="alert"]').text()).toBe('This page needs the link from the mail we sent you.')
  })
})
