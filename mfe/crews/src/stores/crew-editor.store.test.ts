import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useCrewEditorStore } from './crew-editor.store.ts'

const crews = { get: vi.fn(), create: vi.fn(), patch: vi.fn() }

describe('crew editor store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: () => crews } as unknown as TroupeClient)
    Object.values(crews).forEach((mock) => mock.mockReset())
  })

  it('puts the server verdict on the task fields it names, and keeps the draft', async () => {
    crews.create.mockRejectedValue({
      code: 400,
      message: 'Invalid data',
      data: [
        { field: 'tasks.0.description', message: 'must NOT have fewer than 1 characters' },
        { field: 'agentIds', message: 'must NOT have fewer than 1 items' }
      ]
    })
    const editor = useCrewEditorStore()
    await editor.open(undefined)
    editor.edit((draft) => (draft.name = 'Newsroom'))
    expect(await editor.save()).toBeUndefined()
    expect(editor.errors).toEqual({ 'tasks.0.description': 'must NOT have fewer than 1 characters', agentIds: 'must NOT have fewer than 1 items' })
    expect(editor.draft.name).toBe('Newsroom')
    expect(editor.dirty).toBe(true)
  })

  it('refuses unreadable JSON before asking the server', async () => {
    const editor = useCrewEditorStore()
    await editor.open(undefined)
    editor.edit((draft) => (draft.inputSchemaText = '{'))
    expect(await editor.save()).toBeUndefined()
    expect(crews.create).not.toHaveBeenCalled()
    expect(editor.errors).toEqual({ inputSchema: 'Enter valid JSON' })
  })

  it('creates the crew, then patches it', async () => {
    const saved = { id: 'c1', name: 'Newsroom', description: '', process: 'sequential', agentIds: ['a1'], managerAgentId: null, managerProviderId: null, tasks: [{ id: 'task_1', description: 'd', expectedOutput: 'o' }], memory: false, inputSchema: null, exposeViaMcp: false }
    crews.create.mockResolvedValue(saved)
    crews.patch.mockResolvedValue({ ...saved, memory: true })
    const editor = useCrewEditorStore()
    await editor.open(undefined)
    editor.setAgents(['a1'])
    await editor.save()
    expect(crews.create).toHaveBeenCalledWith(expect.objectContaining({ agentIds: ['a1'], tasks: [expect.objectContaining({ id: 'task_1' })] }))
    expect(editor.crewId).toBe('c1')
    editor.edit((draft) => (draft.memory = true))
    await editor.save()
    expect(crews.patch).toHaveBeenCalledWith('c1', expect.objectContaining({ memory: true }))
    expect(editor.dirty).toBe(false)
  })
})
