import { TenantSchemaService, type TenantServiceParams } from '../tenant-schema-service.js'
import type { StoredTool } from '../../tools/stored-tool.js'

/** The tenant's tools. Rows hold secrets as ciphertext; the external resolver hides them. */
export class ToolsService extends TenantSchemaService<StoredTool, Partial<StoredTool>, TenantServiceParams> {}
