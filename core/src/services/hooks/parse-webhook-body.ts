import { BadRequest, FeathersError } from '@feathersjs/errors'

/** The body formats a webhook takes, by the request's `Content-Type`. */
export type WebhookBodyKind = 'json' | 'form' | 'text'

/** 415 for a body the webhook cannot take (another type, or compressed). */
export function unsupportedBody(what: string): FeathersError {
  return new FeathersError(`A webhook takes an uncompressed JSON, form-encoded or text body, not ${what}`, 'UnsupportedMediaType', 415, 'unsupported-media-type', undefined)
}

const forbiddenKey = () => new BadRequest('Malformed request body: Object contains forbidden prototype property', [{ field: '', message: 'contains a __proto__ or constructor.prototype key' }])

/**
 * Whether a parsed document carries a key that would reach an object's prototype when copied
 * carelessly (`__proto__`, `constructor.prototype`): refused like the rest of the API does
 * (`@hapi/bourne`, behind the body parser). Iterative, so depth cannot overflow the stack.
 */
function hasPrototypeKeys(value: unknown): boolean {
  const stack = [value]
  while (stack.length > 0) {
    const current = stack.pop()
    if (current === null || typeof current !== 'object') continue
    for (const key of Object.keys(current)) {
      const child = (current as Record<string, unknown>)[key]
      if (key === '__proto__') return true
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) return true
      stack.push(child)
    }
  }
  return false
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new BadRequest(`Malformed request body: ${(error as Error).message}`)
  }
  // Only text naming a prototype key (or escaping one) needs the walk.
  if (/proto|\\u/.test(text) && hasPrototypeKeys(value)) throw forbiddenKey()
  return value
}

/** Repeated names give a list, as the body parser of the rest of the API does. */
function parseForm(text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '__proto__') throw forbiddenKey()
    const previous = form[name]
    form[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  }
  return form
}

/** A webhook's raw body as the flow's input: `null` when there is none. */
export function parseWebhookBody(raw: Buffer, kind: WebhookBodyKind | undefined): unknown {
  if (raw.length === 0) return kind === 'text' ? '' : kind ? {} : null
  const text = raw.toString('utf8')
  switch (kind) {
    case 'json':
      return parseJson(text)
    case 'form':
      return parseForm(text)
    case 'text':
      return text
    default:
      throw unsupportedBody('a body without Content-Type')
  }
}
