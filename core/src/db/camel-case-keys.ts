import { snakeCaseMappers } from 'objection'

/**
 * A row of a raw statement with its columns as the code names them (`flow_id` → `flowId`): knex's
 * mappers only apply to its query builder. Idempotent on keys already in camelCase.
 */
export const { parse: camelCaseKeys } = snakeCaseMappers()
