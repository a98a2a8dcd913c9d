import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import { triggerManualNode } from './trigger-manual.js'
import { triggerWebhookNode } from './trigger-webhook.js'

describe.each([triggerManualNode, triggerWebhookNode])('$type', (node) => {
  it("outputs the execution's input", async () => {
    const executionInput = { body: { order: 42, lines: [{ sku: 'A-1' }] } }
    expect((await runNode(node, { params: {}, executionInput })).output).toEqual(executionInput)
  })

  it('starts a flow: no input port, one output port', () => {
    expect(node).toMatchObject({ trigger: true, category: 'Triggers', inputs: [], outputs: [{ name: 'main' }] })
  })

  it('takes only an input schema, of type object', async () => {
    await expect(runNode(node, { params: { path: '/hook' } as never })).rejects.toThrow(/must NOT have additional properties/)
    await expect(runNode(node, { params: { inputSchema: { type: 'string' } } })).rejects.toThrow(/inputSchema/)
    const inputSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    expect((await runNode(node, { params: { inputSchema }, executionInput: { city: 'Oslo' } })).output).toEqual({ city: 'Oslo' })
  })
})
