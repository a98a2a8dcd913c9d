import { BadRequest, Conflict, NotFound } from '@feathersjs/errors'
import type { Application, Principal } from '../../declarations.js'
import { isUuid } from '../../validation/is-uuid.js'
import { jsonSize } from '../persistence/json-size.js'

export interface ResumeRequest {
  executionId: string
  nodeId: string
  data?: unknown
  principal: Principal
}

/**
 * Resumes an execution of `principal`'s tenant at a node that waits: the one door for resumes
 * (the plugin host's `resumeExecution`, and through it approvals and callbacks). Who may resume
 * is the caller's check; this one checks the tenant owns the execution (`NotFound` otherwise,
 * as for any other id), the size of `data` (it is stored, as a node output is), and that the node
 * waits and was not resumed yet (`Conflict`).
 */
export async function resumeExecution(app: Application, { executionId, nodeId, data, principal }: ResumeRequest): Promise<void> {
  if (!isUuid(executionId)) throw new NotFound(`No record found for id '${executionId}'`)
  await app.service('executions')._get(executionId, { principal })
  const maxBytes = app.get('config').nodeOutputMaxBytes
  if (jsonSize(data ?? null, maxBytes) > maxBytes) {
    throw new BadRequest(`The resume's data is larger than ${maxBytes} bytes as JSON`, [{ field: 'data', message: `must be at most ${maxBytes} bytes as JSON` }])
  }
  if (!(await app.get('dispatcher').resume(executionId, nodeId, data, principal))) {
    throw new Conflict(`Node ${nodeId} of execution ${executionId} does not wait, or was resumed already`)
  }
}
