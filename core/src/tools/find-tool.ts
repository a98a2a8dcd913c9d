import { NotFound } from '@feathersjs/errors'
import type { Application, Principal } from '../declarations.js'
import { isUuid } from '../validation/is-uuid.js'
import type { StoredTool } from './stored-tool.js'

/** A tool of the principal's tenant by id or by name, as stored (secrets still sealed). */
export async function findTool(app: Application, principal: Principal, idOrName: string): Promise<StoredTool> {
  const query = isUuid(idOrName) ? { id: idOrName } : { name: idOrName }
  const [tool] = (await app.service('tools')._find({ principal, query: { ...query, $limit: 1 }, paginate: false })) as StoredTool[]
  if (!tool) throw new NotFound(`No tool ${idOrName}`)
  return tool
}
