import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { toFieldErrors } from '@troupe/sdk/logic'
import type { TroupePlugin } from '@troupe/sdk/plugin'
import { ConfigError } from '../config/load-config.js'

type PropertySchema = { type?: string | string[]; items?: { type?: string }; 'x-troupe-env-aliases'?: string[] }

const ajv = addFormatsPlugin.default(new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false }))

const upperSnake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()

/** The variable a plugin's setting is read from: plugin `llm-acme`, `requestTimeoutMs` → `TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS`. */
export function settingVariable(pluginId: string, property: string): string {
  return `TROUPE_${upperSnake(pluginId)}_${upperSnake(property)}`
}

function typeOf(schema: PropertySchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type
}

/** Text from the environment as the property's type wants it; what cannot be read is named. */
function convert(variable: string, text: string, schema: PropertySchema): unknown {
  switch (typeOf(schema)) {
    case 'integer':
    case 'number': {
      const value = Number(text.trim())
      if (text.trim() === '' || !Number.isFinite(value)) throw new ConfigError(variable, `must be a number, not "${text}"`)
      return value
    }
    case 'boolean':
      if (/^(true|1|yes)$/i.test(text.trim())) return true
      if (/^(false|0|no)$/i.test(text.trim())) return false
      throw new ConfigError(variable, `must be true or false, not "${text}"`)
    case 'array':
      if (typeOf(schema.items ?? {}) === 'string' || !schema.items) {
        return text
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      }
      break
    case 'object':
      break
    default:
      return text
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ConfigError(variable, 'must be JSON')
  }
}

/**
 * A plugin's settings (plugin API 1.5): each property of its `settings` schema read from its
 * `TROUPE_<PLUGIN>_<PROPERTY>` variable, converted to the property's type, defaults filled in,
 * and checked against the schema. The first problem stops the start, naming the variable.
 */
export function readPluginSettings(
  plugin: Pick<TroupePlugin, 'id' | 'settings'>,
  env: Record<string, string | undefined>,
  /** Filled with the variable each property was read from. */
  readFrom: Record<string, string> = {}
): Record<string, unknown> {
  const schema = plugin.settings as { properties?: Record<string, PropertySchema> } | undefined
  if (!schema) return {}
  const values: Record<string, unknown> = {}
  // A refusal names the variable the operator set.
  for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
    // Older names a setting was documented under (`x-troupe-env-aliases`) still work, the new one first.
    const variable = [settingVariable(plugin.id, property), ...(propertySchema['x-troupe-env-aliases'] ?? [])].find((name) => env[name] !== undefined && env[name] !== '')
    if (variable) {
      values[property] = convert(variable, env[variable]!, propertySchema)
      readFrom[property] = variable
    }
  }
  const validate = ajv.compile(schema)
  if (!validate(values)) {
    const [first] = toFieldErrors(validate.errors ?? [])
    const property = first.field.split('.')[0]
    const variable = property ? (readFrom[property] ?? settingVariable(plugin.id, property)) : `TROUPE_${upperSnake(plugin.id)}_*`
    throw new ConfigError(variable, `${first.field.includes('.') ? `(${first.field}) ` : ''}${first.message} (a setting of plugin "${plugin.id}")`)
  }
  return values
}
