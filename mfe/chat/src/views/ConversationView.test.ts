// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { RoleName, TroupeClient } from '@troupe/sdk'
import { setApi, useSessionStore } from '@troupe/mfe-kit'
import ConversationView from './ConversationView.vue'

const at = '2026-01-01T00:00:00.000Z'
const messages = [
  { id: 'q', sessionId: 's1', userId: 'u1', role: 'user', content: 'Hi', status: 'complete', executionId: null, error: null, createdAt: at, updatedAt: at },
  { id: 'a', sessionId: 's1', userId: 'u1', role: 'assistant', content: '', status: 'failed', executionId: 'e1', error: 'No LLM provider answered', createdAt: at, updatedAt: at }
]

function fakeClient() {
  const services: Record<string, object> = {
    'chat-sessions': { get: vi.fn(async () => ({ id: 's1', title: 'Questions', agentId: 'ag1', crewId: null, flowId: null, userId: 'u1', createdAt: at, updatedAt: at })) },
    'chat-messages': { on: vi.fn(), off: vi.fn(), find: vi.fn(async () => ({ data: messages })) }
  }
  return { service: (path: string) => services[path] } as unknown as TroupeClient
}

async function render(role: RoleName) {
  setActivePinia(createPinia())
  setApi(fakeClient())
  useSessionStore().setUser({ id: 'u1', tenantId: 't1', name: 'Ann', email: 'ann@acme.test', role, createdAt: at, updatedAt: at })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] })
  const wrapper = mount(ConversationView, { props: { sessionId: 's1' }, global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('ConversationView', () => {
  beforeEach(() => vi.stubGlobal('confirm', () => false))

  it('lets a member write and shows a failed answer with its error', async () => {
    const wrapper = await render('member')
    expect(wrapper.get('h2').text()).toBe('Questions')
    expect(wrapper.find('form[aria-label="Send a message"]').exists()).toBe(true)
    const failed = wrapper.get('[data-role="assistant"]')
    expect(failed.attributes('data-status')).toBe('failed')
    expect(failed.get('[role="alert"]').text()).toBe('No LLM provider answered')
    expect(wrapper.findAll('button').map((button) => button.text())).toContain('Delete the conversation')
  })

  it('gives viewers the conversation without composer or delete', async () => {
    const wrapper = await render('viewer')
    expect(wrapper.findAll('[data-testid="message-text"]').map((text) => text.text())).toEqual(['Hi', ''])
    expect(wrapper.find('form[aria-label="Send a message"]').exists()).toBe(false)
    expect(wrapper.find('textarea').exists()).toBe(false)
    expect(wrapper.findAll('button').map((button) => button.text())).not.toContain('Delete the conversation')
    expect(wrapper.text()).toContain('Read only')
  })
})
