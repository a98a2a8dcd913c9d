import type { Application } from '@feathersjs/feathers'

type Internal = { _find(params: object): Promise<unknown> }

/** Which of `ids` are records of `path` in the principal's tenant (internal call: no RBAC, tenant-scoped). */
export async function existingIds(app: Application, path: string, principal: unknown, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const service = app.service(path) as unknown as Internal
  const rows = (await service._find({ principal, query: { id: { $in: [...new Set(ids)] }, $select: ['id'] }, paginate: false })) as Array<{ id: string }>
  return new Set(rows.map((row) => row.id))
}
