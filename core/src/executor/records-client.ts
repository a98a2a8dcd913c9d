import type { RecordsClient } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'

// Services by path, whatever their record: the client's types come from the contract.
type AnyService = {
  get(id: string, params: object): Promise<never>
  find(params: object): Promise<never[]>
  create(data: object, params: object): Promise<never>
}

/**
 * Services called on behalf of a principal (an execution's, or the caller of a plugin's entry):
 * internal calls, so the principal's tenant scopes every query and hooks that check references
 * run; and checked by CASL like the principal's own calls (`checkPermissions`), except calls of
 * `plugin` into the services it registered itself, whose rules are its own business (the crew
 * plugin keeping a crew's memories, which no member may write through the API).
 */
export function createRecordsClient(app: Application, principal: Principal, plugin?: string): RecordsClient {
  const service = (path: string) => app.service(path as never) as unknown as AnyService
  const params = (path: string) => {
    const own = plugin !== undefined && app.get('serviceDescriptors').get(path)?.owner === plugin
    return own ? { principal } : { principal, checkPermissions: true }
  }
  return {
    get: (path, id) => service(path).get(id, params(path)),
    find: (path, query = {}) => service(path).find({ ...params(path), query, paginate: false }),
    create: (path, data) => service(path).create(data, params(path))
  }
}
