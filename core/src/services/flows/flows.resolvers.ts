import { resolve } from '@feathersjs/schema'
import type { Flow } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'

type StoredFlow = Partial<Flow>

/** New flows record who made them; empty graphs are stored as empty lists. */
export const flowDataResolver = resolve<StoredFlow, HookContext>({
  nodes: async (nodes) => nodes ?? [],
  edges: async (edges) => edges ?? [],
  createdBy: async (_value, _flow, context) => context.params.principal?.userId ?? null,
  updatedBy: async (_value, _flow, context) => context.params.principal?.userId ?? null
})

/** Every saved change records who made it and when. */
export const flowPatchResolver = resolve<StoredFlow, HookContext>({
  updatedBy: async (_value, _flow, context) => context.params.principal?.userId ?? null,
  updatedAt: async () => new Date().toISOString()
})
