import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { NodeTypeInfo, TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useFlowEditorStore } from './flow-editor.store.ts'
import { useNodeTypesStore } from './node-types.store.ts'

const type = (name: string, inputs: string[], outputs: string[]) =>
  ({ type: name, displayName: name, inputs: inputs.map((n) => ({ name: n })), outputs: outputs.map((n) => ({ name: n })) }) as NodeTypeInfo

const flows = { create: vi.fn(), patch: vi.fn(), get: vi.fn() }

describe('flow editor store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: () => flows } as unknown as TroupeClient)
    Object.values(flows).forEach((mock) => mock.mockReset())
    useNodeTypesStore().types = [type('trigger.manual', [], ['main']), type('util.delay', ['main'], ['main']), type('flow.output', ['main'], [])]
  })

  it('builds a graph by adding and connecting nodes, and undoes and redoes each step', () => {
    const editor = useFlowEditorStore()
    const start = editor.addNode('trigger.manual', { x: 0.4, y: 10 })
    const wait = editor.addNode('util.delay', { x: 200, y: 10 })
    editor.connect({ source: start, target: wait, sourceHandle: 'main', targetHandle: 'main' })
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual', 'delay'])
    expect(editor.nodes[0]!.position).toEqual({ x: 0, y: 10 })
    expect(editor.edges).toEqual([{ id: 'manual-delay', source: 'manual', target: 'delay' }])
    expect(editor.selectedNodeId).toBe('delay')

    editor.undo()
    expect(editor.edges).toEqual([])
    editor.undo()
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual'])
    expect(editor.selectedNodeId).toBeUndefined()
    editor.redo()
    editor.redo()
    expect(editor.edges).toHaveLength(1)
    expect(editor.historyState).toEqual({ canUndo: true, canRedo: false })
  })

  it('refuses a connection into a trigger with a notice, changing nothing', () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 0, y: 0 })
    editor.connect({ source: 'delay', target: 'manual' })
    expect(editor.notice).toBe('trigger.manual has no input')
    expect(editor.edges).toEqual([])
  })

  it('removes a node with its edges in one undoable step', () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 0, y: 0 })
    editor.connect({ source: 'manual', target: 'delay' })
    editor.remove(['delay'], ['manual-delay'])
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual'])
    expect(editor.edges).toEqual([])
    editor.undo()
    expect(editor.nodes).toHaveLength(2)
    expect(editor.edges).toHaveLength(1)
  })

  it('duplicates nodes with the edges between them beside the originals, selecting the copy, in one undoable step', () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 200, y: 0 })
    editor.connect({ source: 'manual', target: 'delay' })
    expect(editor.duplicate(['manual', 'delay'])).toEqual(['manual_2', 'delay_2'])
    expect(editor.edges.map((edge) => [edge.source, edge.target])).toEqual([
      ['manual', 'delay'],
      ['manual_2', 'delay_2']
    ])
    expect(editor.nodes.find((node) => node.id === 'delay_2')?.position).toEqual({ x: 240, y: 40 })
    expect(editor.selectedNodeId).toBe('delay_2')
    editor.undo()
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual', 'delay'])
    expect(editor.selectedNodeId).toBeUndefined()
    expect(editor.duplicate(['gone'])).toEqual([])
  })

  it('restores a saved version as one undoable change, with its name', () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 200, y: 0 })
    const version = { flowId: 'f1', version: 1, name: 'First', nodes: [{ id: 'manual', type: 'trigger.manual', position: { x: 0, y: 0 } }], edges: [], createdBy: null, createdAt: '' }
    editor.restoreVersion(version)
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual'])
    expect(editor.name).toBe('First')
    editor.nodes[0]!.label = 'edited'
    expect(version.nodes[0]).not.toHaveProperty('label')
    editor.undo()
    expect(editor.nodes.map((node) => node.id)).toEqual(['manual', 'delay'])
  })

  it('creates the flow on first save, then patches it', async () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    flows.create.mockResolvedValue({ id: 'f1', version: 1 })
    flows.patch.mockResolvedValue({ id: 'f1', version: 2 })
    await editor.save()
    expect(flows.create).toHaveBeenCalledWith({
      name: 'Untitled flow',
      nodes: [expect.objectContaining({ id: 'manual' })],
      edges: [],
      errorFlowId: null,
      active: true,
      exposeViaMcp: false,
      notes: [],
      pinnedOutputs: {}
    })
    expect(editor.dirty).toBe(false)
    editor.rename('Greeter')
    await editor.save()
    expect(flows.patch).toHaveBeenCalledWith('f1', expect.objectContaining({ name: 'Greeter' }))
    expect(editor.version).toBe(2)
    editor.setErrorFlow('f9')
    expect(editor.dirty).toBe(true)
    await editor.save()
    expect(flows.patch).toHaveBeenLastCalledWith('f1', expect.objectContaining({ errorFlowId: 'f9' }))
    editor.setActive(false)
    expect(editor.dirty).toBe(true)
    await editor.save()
    expect(flows.patch).toHaveBeenLastCalledWith('f1', expect.objectContaining({ active: false }))
    editor.setExposeViaMcp(true)
    expect(editor.dirty).toBe(true)
    await editor.save()
    expect(flows.patch).toHaveBeenLastCalledWith('f1', expect.objectContaining({ exposeViaMcp: true }))
  })

  it('keeps notes and pins as unsaved changes, sends them with the save, and drops the pin of a removed node', async () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('core.delay', { x: 200, y: 0 })
    flows.create.mockResolvedValue({ id: 'f1', version: 1 })
    await editor.save()
    const note = editor.addNote({ x: 10.4, y: 20.6 }, 'Why this waits')
    editor.updateNote(note, { width: 240.7, color: 'blue' })
    const output = { n: 1 }
    editor.pin('delay', output)
    editor.pin('manual', null)
    output.n = 2
    expect(editor.dirty).toBe(true)
    flows.patch.mockResolvedValue({ id: 'f1', version: 1 })
    await editor.save()
    expect(flows.patch).toHaveBeenLastCalledWith(
      'f1',
      expect.objectContaining({ notes: [{ id: 'note', text: 'Why this waits', position: { x: 10, y: 21 }, width: 241, color: 'blue' }], pinnedOutputs: { delay: { n: 1 }, manual: null } })
    )
    expect(editor.dirty).toBe(false)
    editor.remove(['delay'], [])
    expect(editor.pinnedOutputs).toEqual({ manual: null })
    editor.unpin('manual')
    editor.removeNote(note)
    await editor.save()
    expect(flows.patch).toHaveBeenLastCalledWith('f1', expect.objectContaining({ notes: [], pinnedOutputs: {} }))
  })

  it('is unsaved exactly while it differs from what was saved: undoing or renaming back is no change', async () => {
    const editor = useFlowEditorStore()
    expect(editor.dirty).toBe(false)
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    expect(editor.dirty).toBe(true)
    flows.create.mockResolvedValue({ id: 'f1', version: 1 })
    await editor.save()
    expect(editor.dirty).toBe(false)
    editor.addNode('util.delay', { x: 200, y: 0 })
    expect(editor.dirty).toBe(true)
    editor.undo()
    expect(editor.dirty).toBe(false)
    editor.redo()
    expect(editor.dirty).toBe(true)
    editor.undo()
    editor.rename('Other')
    expect(editor.dirty).toBe(true)
    editor.rename('Untitled flow')
    expect(editor.dirty).toBe(false)
    // An edit made while a save is out stays unsaved.
    let answer: (flow: object) => void = () => undefined
    flows.patch.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    editor.rename('Greeter')
    const saving = editor.save()
    editor.rename('Greeter 2')
    answer({ id: 'f1', version: 2 })
    await saving
    expect(editor.dirty).toBe(true)
  })

  it('places validation errors of a refused save on the node and field they name', async () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 0, y: 0 })
    editor.updateNode('delay', { params: { ms: 'soon' } })
    flows.create.mockRejectedValue({
      name: 'BadRequest',
      code: 400,
      message: 'Invalid flow: nodes.1.params.ms must be integer',
      data: [{ field: 'nodes.1.params.ms', message: 'must be integer' }]
    })
    await expect(editor.save()).rejects.toMatchObject({ code: 400 })
    expect(editor.errors.nodes.delay).toEqual({ node: [], params: { ms: 'must be integer' }, settings: {} })
    expect(editor.hasErrors).toBe(true)
    expect(editor.dirty).toBe(true)

    editor.updateNode('delay', { params: { ms: 10 } })
    expect(editor.errors.nodes.delay!.params).toEqual({})
  })

  it('keeps timeout and retry settings with the node: undoable, saved, and shown again after a reload', async () => {
    const editor = useFlowEditorStore()
    editor.addNode('trigger.manual', { x: 0, y: 0 })
    editor.addNode('util.delay', { x: 200, y: 0 })
    editor.updateNode('delay', { timeoutMs: 5000 })
    editor.updateNode('delay', { retry: { max: 3, backoffMs: 250 } })
    expect(editor.nodes[1]).toMatchObject({ timeoutMs: 5000, retry: { max: 3, backoffMs: 250 } })
    editor.undo()
    expect(editor.nodes[1]).not.toHaveProperty('retry')
    editor.redo()

    flows.create.mockImplementation(async (data) => ({ id: 'f1', version: 1, ...data }))
    await editor.save()
    const sent = flows.create.mock.calls[0]![0]
    expect(sent.nodes[1]).toMatchObject({ id: 'delay', timeoutMs: 5000, retry: { max: 3, backoffMs: 250 } })

    flows.get.mockResolvedValue({ id: 'f1', name: 'Untitled flow', version: 1, nodes: sent.nodes, edges: sent.edges })
    await editor.load('f1')
    expect(editor.nodes.find((node) => node.id === 'delay')).toMatchObject({ timeoutMs: 5000, retry: { max: 3, backoffMs: 250 } })

    editor.updateNode('delay', { timeoutMs: undefined, retry: undefined })
    expect(editor.nodes.find((node) => node.id === 'delay')).not.toHaveProperty('timeoutMs')
    expect(editor.nodes.find((node) => node.id === 'delay')).not.toHaveProperty('retry')
  })

  it('places refused settings on their fields, and clears them once the user changes them', async () => {
    const editor = useFlowEditorStore()
    editor.addNode('util.delay', { x: 0, y: 0 })
    flows.create.mockRejectedValue({ code: 400, message: 'Invalid', data: [{ field: 'nodes.0.timeoutMs', message: 'must be >= 1' }] })
    await expect(editor.save()).rejects.toMatchObject({ code: 400 })
    expect(editor.errors.nodes.delay!.settings).toEqual({ timeoutMs: 'must be >= 1' })
    editor.updateNode('delay', { timeoutMs: 10 })
    expect(editor.errors.nodes.delay!.settings).toEqual({})
  })
})
