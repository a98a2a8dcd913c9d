import type { Flow, FlowNote, PinnedOutputs } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { checkOutputSize } from '../../executor/runner/check-output-size.js'
import { validationError } from '../../validation/ajv.js'

type FieldProblem = { field: string; message: string }

/** Notes whose id another note of the same save already has. */
export function duplicateNoteProblems(notes: readonly FlowNote[]): FieldProblem[] {
  const seen = new Set<string>()
  const problems: FieldProblem[] = []
  for (const [index, note] of notes.entries()) {
    if (seen.has(note.id)) problems.push({ field: `notes.${index}.id`, message: `another note already has the id "${note.id}"` })
    seen.add(note.id)
  }
  return problems
}

/**
 * What is wrong with pinned outputs for a flow with these node ids: a pin of a node the flow does
 * not have, or one larger than a node's output may be (`field` prefix: `pinnedOutputs`).
 */
export function pinnedOutputProblems(pins: PinnedOutputs, nodeIds: ReadonlySet<string>, maxBytes: number): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const [nodeId, output] of Object.entries(pins)) {
    const field = `pinnedOutputs.${nodeId}`
    if (!nodeIds.has(nodeId)) {
      problems.push({ field, message: 'is not a node of this flow' })
      continue
    }
    try {
      checkOutputSize(output, maxBytes)
    } catch (error) {
      problems.push({ field, message: (error as Error).message.replace(/^its output/, 'the pinned output') })
    }
  }
  return problems
}

/**
 * Checks a save's sticky notes (ids unique) and pinned test data (each pin names a node of the
 * flow the save leaves, and is no larger than a node's output may be). A save that removes a
 * pinned node without sending pins drops that node's pin with it.
 */
export async function checkNotesAndPins(context: HookContext) {
  const data = context.data as Partial<Flow>
  const problems = data.notes ? duplicateNoteProblems(data.notes) : []
  const pinsSent = data.pinnedOutputs !== undefined
  if (pinsSent || data.nodes) {
    const existing = context.method === 'patch' ? await context.app.service('flows')._get(context.id!, { principal: context.params.principal }) : undefined
    const nodeIds = new Set((data.nodes ?? existing?.nodes ?? []).map((node) => node.id))
    if (pinsSent) problems.push(...pinnedOutputProblems(data.pinnedOutputs!, nodeIds, context.app.get('config').nodeOutputMaxBytes))
    else if (existing && Object.keys(existing.pinnedOutputs).some((nodeId) => !nodeIds.has(nodeId))) {
      data.pinnedOutputs = Object.fromEntries(Object.entries(existing.pinnedOutputs).filter(([nodeId]) => nodeIds.has(nodeId)))
    }
  }
  if (problems.length > 0) throw validationError('flow', problems)
}
