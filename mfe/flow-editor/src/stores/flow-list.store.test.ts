import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flowFile, type TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { useFlowListStore } from './flow-list.store.ts'

const graph = { name: 'Greeter', nodes: [{ id: 'in', type: 'trigger.manual', position: { x: 0, y: 0 } }], edges: [] }
const fileOf = (text: string, size = text.length) => ({ size, text: vi.fn(async () => text) })

describe('flow list store: importing a flow file', () => {
  let create: ReturnType<typeof vi.fn>
  beforeEach(() => {
    setActivePinia(createPinia())
    create = vi.fn(async (data: object) => ({ id: 'f9', version: 1, ...data }))
    setApi({ service: () => ({ create, find: vi.fn(async () => ({ data: [], total: 0 })) }) } as unknown as TroupeClient)
  })

  it('creates the flow the file holds, and lists it', async () => {
    const list = useFlowListStore()
    const created = await list.importFile(fileOf(JSON.stringify(flowFile(graph))))
    expect(create).toHaveBeenCalledWith(graph)
    expect(created).toMatchObject({ id: 'f9', name: 'Greeter' })
    expect(list.flows.map((flow) => flow.id)).toEqual(['f9'])
    expect(list.error).toBeUndefined()
  })

  it('says why a file is not a flow, and creates nothing', async () => {
    const list = useFlowListStore()
    expect(await list.importFile(fileOf('{"format":"n8n"}'))).toBeUndefined()
    expect((list.error as Error).message).toBe('The file is not a Troupe flow (its "format" is not "troupe.flow")')
    const huge = fileOf('', 6 * 1024 * 1024)
    expect(await list.importFile(huge)).toBeUndefined()
    expect((list.error as Error).message).toBe('The file is larger than 5 MiB')
    expect(huge.text).not.toHaveBeenCalled()
    expect(create).not.toHaveBeenCalled()
  })

  it("shows the server's refusal (a node the workspace lacks, a record of another tenant)", async () => {
    const refusal = Object.assign(new Error('Invalid data: nodes.0.type is not a known node type'), { code: 400 })
    create.mockRejectedValueOnce(refusal)
    const list = useFlowListStore()
    expect(await list.importFile(fileOf(JSON.stringify(flowFile(graph))))).toBeUndefined()
    expect(list.error).toBe(refusal)
    expect(list.importing).toBe(false)
  })
})
