import { flowFile, type FlowEdge, type FlowFile, type FlowNode } from '@troupe/sdk'

/** A starter flow of the gallery: a flow file, with an input to try it with. */
export interface FlowTemplate {
  id: string
  name: string
  description: string
  category: 'AI' | 'Data' | 'Logic' | 'Integrations'
  /** What the run panel starts with, so the first run shows what the flow does. */
  sampleInput: Record<string, unknown>
  file: FlowFile
}

/** Nodes laid out left to right, `y` for a branch. */
const at = (column: number, row = 0) => ({ x: 80 + column * 260, y: 160 + row * 140 })
const edge = (source: string, target: string, sourceHandle?: string): FlowEdge => ({ id: `${source}-${sourceHandle ? `${sourceHandle}-` : ''}${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })

function template(meta: Omit<FlowTemplate, 'file'>, nodes: FlowNode[], edges: FlowEdge[]): FlowTemplate {
  // A fixed date: templates are the same file whoever opens the gallery, whenever.
  return { ...meta, file: flowFile({ name: meta.name, description: meta.description, nodes, edges }, new Date('2026-12-01T00:00:00Z')) }
}

/** The gallery: each runs as it is on the offline provider (`npm start` needs no LLM vendor). */
export const flowTemplates: readonly FlowTemplate[] = [
  template(
    { id: 'summarize-text', name: 'Summarize a text', description: 'Asks an LLM for a three-point summary of the text it is given.', category: 'AI', sampleInput: { text: 'Troupe lets a team define agents, group them into crews and wire them into flows that run as executions, streamed live.' } },
    [
      { id: 'manual', type: 'trigger.manual', position: at(0) },
      { id: 'summarize', type: 'llm.prompt', label: 'Summarize', params: { system: 'You are a concise assistant.', prompt: 'Summarize the following text in three short bullet points.\n\n{{ input.text }}' }, position: at(1) },
      { id: 'output', type: 'flow.output', position: at(2) }
    ],
    [edge('manual', 'summarize'), edge('summarize', 'output')]
  ),
  template(
    { id: 'webhook-reply', name: 'Answer a webhook with an LLM reply', description: 'A POST to the flow’s webhook URL gets a friendly reply to the message it carries.', category: 'Integrations', sampleInput: { message: 'My order #1042 has not arrived yet.' } },
    [
      { id: 'webhook', type: 'trigger.webhook', position: at(0) },
      { id: 'reply', type: 'llm.prompt', label: 'Draft the reply', params: { prompt: 'Write a short, friendly reply to this customer message:\n\n{{ input.message }}' }, position: at(1) },
      { id: 'output', type: 'flow.output', position: at(2) }
    ],
    [edge('webhook', 'reply'), edge('reply', 'output')]
  ),
  template(
    { id: 'route-orders', name: 'Route orders by total', description: 'Orders over 100 go to the priority queue, the others to the standard one.', category: 'Logic', sampleInput: { id: 'A-1042', total: 250 } },
    [
      { id: 'manual', type: 'trigger.manual', position: at(0) },
      { id: 'large', type: 'logic.condition', label: 'Over 100?', params: { expression: 'input.total > 100' }, position: at(1) },
      { id: 'priority', type: 'data.transform', label: 'Priority queue', params: { expression: '{"order": input.id, "queue": "priority"}' }, position: at(2, -1) },
      { id: 'standard', type: 'data.transform', label: 'Standard queue', params: { expression: '{"order": input.id, "queue": "standard"}' }, position: at(2, 1) },
      { id: 'output', type: 'flow.output', position: at(3) }
    ],
    [edge('manual', 'large'), edge('large', 'priority', 'true'), edge('large', 'standard', 'false'), edge('priority', 'output'), edge('standard', 'output')]
  ),
  template(
    { id: 'reshape-contact', name: 'Reshape a contact', description: 'Turns a form’s fields into a clean contact record (full name, lower-case email).', category: 'Data', sampleInput: { first: 'Ada', last: 'Lovelace', email: 'Ada@Example.com' } },
    [
      { id: 'manual', type: 'trigger.manual', position: at(0) },
      { id: 'reshape', type: 'data.transform', label: 'Reshape', params: { expression: '{"name": input.first & " " & input.last, "email": $lowercase(input.email)}' }, position: at(1) },
      { id: 'output', type: 'flow.output', position: at(2) }
    ],
    [edge('manual', 'reshape'), edge('reshape', 'output')]
  ),
  template(
    { id: 'draft-and-review', name: 'Draft, then review', description: 'One LLM call drafts an announcement, a second one reviews the draft.', category: 'AI', sampleInput: { product: 'version history in the flow editor' } },
    [
      { id: 'manual', type: 'trigger.manual', position: at(0) },
      { id: 'draft', type: 'llm.prompt', label: 'Draft', params: { prompt: 'Draft a short product announcement for: {{ input.product }}' }, position: at(1) },
      { id: 'review', type: 'llm.prompt', label: 'Review', params: { prompt: 'Review this draft and suggest one improvement:\n\n{{ nodes.draft.output.text }}' }, position: at(2) },
      { id: 'output', type: 'flow.output', position: at(3) }
    ],
    [edge('manual', 'draft'), edge('draft', 'review'), edge('review', 'output')]
  ),
  template(
    { id: 'wait-then-remind', name: 'Wait, then remind', description: 'Waits two seconds, then writes a one-line reminder about the topic.', category: 'AI', sampleInput: { topic: 'the team retro at 3 pm' } },
    [
      { id: 'manual', type: 'trigger.manual', position: at(0) },
      { id: 'wait', type: 'util.delay', label: 'Wait', params: { ms: 2000 }, position: at(1) },
      { id: 'remind', type: 'llm.prompt', label: 'Write the reminder', params: { prompt: 'Write a one-line reminder about: {{ input.topic }}' }, position: at(2) },
      { id: 'output', type: 'flow.output', position: at(3) }
    ],
    [edge('manual', 'wait'), edge('wait', 'remind'), edge('remind', 'output')]
  )
]
