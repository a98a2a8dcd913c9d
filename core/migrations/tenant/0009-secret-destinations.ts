import type { Knex } from 'knex'

/**
 * Secrets are bound to the destination they were saved for (docs/guides/upgrading.md):
 *
 * - `llm_providers.credential_source`: `operator` when the record uses the operator's
 *   `OPENAI_API_KEY`, resolved from configuration at call time for the operator's endpoint only.
 *   Providers seeded before this held a sealed copy of that key. A migration cannot tell a copy
 *   from a tenant's own key without the encryption key, so the seeded provider is recognised by
 *   the name it was seeded with: it gets the marker and its copy is dropped. Its `base_url` is
 *   left as it is, so a seeded provider that a tenant pointed elsewhere gets no key.
 * - `llm_providers.api_key_origin` and `tools.secrets_origin`: the origin (scheme://host:port) the
 *   key or secrets are bound to. Existing ones are bound to the origin their record points at now;
 *   a tool whose URL lets a template choose the host has no fixed origin, so its secrets are
 *   dropped (its templates then fail until a member sets them again on a fixed-origin URL).
 *
 * The origin rules are written out here rather than imported, so this migration keeps doing what
 * it did when the code moves on.
 */
const seededProviderName = 'OpenAI (server default)'

function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || !url) return null
  try {
    const origin = new URL(url).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

function toolOrigin(tool: { kind: string; http: { url?: unknown } | null; mcp: { serverUrl?: unknown } | null }): string | null {
  if (tool.kind === 'mcp') return originOf(tool.mcp?.serverUrl)
  if (tool.kind !== 'http' || typeof tool.http?.url !== 'string') return null
  const url = tool.http.url
  const start = url.indexOf('{{')
  if (start === -1) return originOf(url)
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\{}]+[/?#]/i.exec(url.slice(0, start))
  return authority ? originOf(authority[0]) : null
}

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('llm_providers', (table) => {
    table.string('credential_source', 20).notNullable().defaultTo('tenant')
    table.string('api_key_origin', 2100)
  })
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.string('secrets_origin', 2100)
  })

  await knex('llm_providers')
    .withSchema(schema)
    .where({ name: seededProviderName, kind: 'openai' })
    .update({ credentialSource: 'operator', apiKeyCiphertext: null })
  const keyed = (await knex('llm_providers').withSchema(schema).whereNotNull('api_key_ciphertext').select('id', 'baseUrl')) as Array<{ id: string; baseUrl: string | null }>
  for (const provider of keyed) {
    await knex('llm_providers').withSchema(schema).where({ id: provider.id }).update({ apiKeyOrigin: originOf(provider.baseUrl) })
  }

  const tools = (await knex('tools').withSchema(schema).whereRaw("secrets_ciphertext <> '{}'::jsonb").select('id', 'kind', 'http', 'mcp')) as Array<{
    id: string
    kind: string
    http: { url?: unknown } | null
    mcp: { serverUrl?: unknown } | null
  }>
  for (const tool of tools) {
    const origin = toolOrigin(tool)
    await knex('tools')
      .withSchema(schema)
      .where({ id: tool.id })
      .update(origin ? { secretsOrigin: origin } : { secretsCiphertext: JSON.stringify({}), secretsOrigin: null })
  }
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.dropColumn('secrets_origin')
  })
  await knex.schema.withSchema(schema).alterTable('llm_providers', (table) => {
    table.dropColumn('api_key_origin')
    table.dropColumn('credential_source')
  })
}
