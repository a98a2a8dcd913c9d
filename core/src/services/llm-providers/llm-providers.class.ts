import { TenantSchemaService, type TenantServiceParams } from '../tenant-schema-service.js'
import type { StoredProvider } from '../../llm/stored-provider.js'

/** The tenant's LLM providers. Rows hold the key as ciphertext; the external resolver hides it. */
export class LlmProvidersService extends TenantSchemaService<StoredProvider, Partial<StoredProvider>, TenantServiceParams> {}
