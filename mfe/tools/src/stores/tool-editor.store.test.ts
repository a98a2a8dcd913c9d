import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useToolEditorStore } from './tool-editor.store.ts'

const saved = { id: 't1', name: 'add', description: '', kind: 'code', inputSchema: { type: 'object' }, exposeViaMcp: false, code: 'x', limits: null, http: null, mcp: null, secretNames: [] }
const tools = { create: vi.fn(async () => saved), patch: vi.fn(async () => saved), get: vi.fn(async () => saved) }
const testService = { create: vi.fn(async () => ({ ok: true, result: 5, logs: ['adding 2 3'], durationMs: 4 })) }

describe('tool editor store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: (path: string) => (path === 'tools' ? tools : testService) } as unknown as TroupeClient)
    vi.clearAllMocks()
  })

  it('creates a tool, then test-runs the saved version with the given arguments', async () => {
    const editor = useToolEditorStore()
    await editor.open(undefined)
    editor.edit((draft) => (draft.name = 'add'))
    expect(editor.dirty).toBe(true)
    await editor.save()
    expect(tools.create).toHaveBeenCalledWith(expect.objectContaining({ name: 'add', kind: 'code' }))
    expect(editor.toolId).toBe('t1')
    expect(editor.dirty).toBe(false)

    await editor.test({ a: 2, b: 3 })
    expect(testService.create).toHaveBeenCalledWith({ args: { a: 2, b: 3 } }, { route: { toolId: 't1' } })
    expect(editor.testResult).toEqual({ ok: true, result: 5, logs: ['adding 2 3'], durationMs: 4 })
  })

  it('keeps the draft and shows the error when the server refuses the save', async () => {
    tools.create.mockRejectedValueOnce({ code: 409, message: 'name already exists' })
    const editor = useToolEditorStore()
    await editor.open(undefined)
    editor.edit((draft) => (draft.name = 'add'))
    expect(await editor.save()).toBeUndefined()
    expect(editor.error).toMatchObject({ code: 409 })
    expect(editor.draft.name).toBe('add')
    expect(editor.dirty).toBe(true)
  })
})
