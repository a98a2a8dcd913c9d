import type { RecordsClient } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'

// Services by path, whatever their record: the client's types come from the contract.
type AnyService = {
  get(id: string, params: object): Promise<never>
  find(params: object): Promise<never[]>
  create(data: object, params: object): Promise<never>
}

/**
 * Services called on behalf of an execution's principal: internal calls (no `provider`), so the
 * principal's tenant scopes every query, and hooks that check references still run.
 */
export function createRecordsClient(app: Application, principal: Principal): RecordsClient {
  const service = (path: string) => app.service(path as never) as unknown as AnyService
  return {
    get: (path, id) => service(path).get(id, { principal }),
    find: (path, query = {}) => service(path).find({ principal, query, paginate: false }),
    create: (path, data) => service(path).create(data, { principal })
  }
}
