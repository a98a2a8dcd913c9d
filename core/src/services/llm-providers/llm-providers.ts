import { hooks as schemaHooks } from '@feathersjs/schema'
import {
  llmProviderDataSchema,
  llmProviderPatchSchema,
  llmProviderQuerySchema,
  llmProviderSchema,
  servicePaths,
  serviceMethods
} from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { LlmProvidersService } from './llm-providers.class.js'
import { llmProviderExternalResolver } from './llm-providers.resolvers.js'
import { prepareProviderData } from './prepare-provider-data.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'llm-providers': LlmProvidersService
  }
}

/** `/api/v1/llm-providers`: admins manage them; everyone may see which exist (never their keys). */
export function llmProviders(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.llmProviders,
      methods: [...serviceMethods['llm-providers']],
      schemas: { data: llmProviderDataSchema, patch: llmProviderPatchSchema, query: llmProviderQuerySchema, result: llmProviderSchema },
      permissions: (principal, { allow }) => {
        allow('read')
        if (principal.role === 'admin') allow(['create', 'update', 'delete'])
      }
    },
    new LlmProvidersService({
      Model: app.get('knex'),
      name: 'llm_providers',
      paginate: { default: 25, max: 100 },
      jsonColumns: ['pricing', 'rules', 'options']
    }),
    {
      around: { all: [schemaHooks.resolveExternal(llmProviderExternalResolver)] },
      before: { create: [prepareProviderData], patch: [prepareProviderData] }
    }
  )
}
