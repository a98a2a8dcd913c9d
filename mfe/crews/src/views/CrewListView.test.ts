// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { RoleName, TroupeClient } from '@troupe/sdk'
import { setApi, useSessionStore } from '@troupe/mfe-kit'
import CrewListView from './CrewListView.vue'

const at = '2026-01-01T00:00:00.000Z'
const crew = { id: 'c1', name: 'Writers', description: '', process: 'sequential', agentIds: ['a1'], managerAgentId: null, managerProviderId: null, tasks: [{ id: 't', description: 'd', expectedOutput: 'o' }], memory: false, inputSchema: null, exposeViaMcp: false, createdBy: null, createdAt: at, updatedAt: at }
const agent = { id: 'a1', name: 'Scout' }

async function render(role: RoleName, crews = [crew]) {
  setActivePinia(createPinia())
  const services: Record<string, object> = {
    crews: { find: vi.fn(async () => ({ data: crews })), on: vi.fn(), off: vi.fn() },
    agents: { find: vi.fn(async () => ({ data: [agent] })) }
  }
  setApi({ service: (path: string) => services[path] } as unknown as TroupeClient)
  useSessionStore().setUser({ id: 'u1', tenantId: 't1', name: 'Ann', email: 'ann@acme.test', role, createdAt: at, updatedAt: at })
  const wrapper = mount(CrewListView, { global: { stubs: { RouterLink: RouterLinkStub } } })
  await flushPromises()
  return wrapper
}

const controls = (wrapper: Awaited<ReturnType<typeof render>>) => wrapper.findAll('a, button').map((control) => control.element.textContent!.trim())

describe('CrewListView', () => {
  it('offers members to create, run and delete crews', async () => {
    const wrapper = await render('member')
    expect(wrapper.get('tr[data-crew-name="Writers"]').text()).toContain('Scout')
    expect(controls(wrapper)).toEqual(expect.arrayContaining(['New crew', 'Run Writers', 'Delete Writers']))
  })

  it('shows viewers the crews without create, run or delete controls', async () => {
    const wrapper = await render('viewer')
    expect(wrapper.find('tr[data-crew-name="Writers"]').exists()).toBe(true)
    expect(controls(wrapper).filter((text) => /New|Run|Delete/.test(text))).toEqual([])
  })

  it('sends a member without agents to create one first', async () => {
    const wrapper = await render('member', [])
    expect(wrapper.text()).toContain('No crews yet')
  })
})
