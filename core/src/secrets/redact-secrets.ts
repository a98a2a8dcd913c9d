/** What a secret is replaced with. */
const redactionMark = '[redacted]'

/** Shorter values are not redacted: they would match by chance all over ordinary text. */
const minimumLength = 4

/** Secret values by name (a tool's secrets) or as a list. */
export type SecretValues = Readonly<Record<string, string>> | readonly string[]

const valuesOf = (secrets: SecretValues): string[] =>
  (Array.isArray(secrets) ? secrets : Object.values(secrets)).filter((value): value is string => typeof value === 'string' && value.length >= minimumLength)

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())

/**
 * JSON string escaping as Python and PHP write it: every non-ASCII character as `\u` and four hex
 * digits, lower-case hex by default, upper-case with `upper`.
 */
function asciiJson(text: string, upper: boolean): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (char) => {
      const hex = char.charCodeAt(0).toString(16).padStart(4, '0')
      return `\\u${upper ? hex.toUpperCase() : hex}`
    })
}

/**
 * Every text form a secret takes when the platform (or a server echoing it) writes it out: plain;
 * percent-encoded for a URL component, for a whole URL and as a form (`+` for a space), with
 * upper- or lower-case hex; JSON-escaped, as JavaScript writes it or with non-ASCII and `/`
 * escaped as Python and PHP do. Base64 is found by decoding instead (see `hidesInBase64`).
 */
function textForms(secret: string): string[] {
  const percent = [encodeURIComponent(secret), encodeURI(secret), new URLSearchParams([['s', secret]]).toString().slice(2)]
  const json = [JSON.stringify(secret).slice(1, -1), asciiJson(secret, false), asciiJson(secret, true)]
  return [secret, ...percent, ...percent.map(lowerHex), ...json, ...json.map((form) => form.replaceAll('/', '\\/'))]
}

// A run of base64 (standard or URL-safe alphabet) long enough to hold a 4-byte secret.
const base64Run = /[A-Za-z0-9+/_-]{6,}={0,2}/g

/**
 * Whether a run of base64 characters decodes to bytes holding a secret. Base64 encodes each 3
 * bytes as 4 characters independently, so decoding from each of the 4 starting offsets finds a
 * secret wherever its encoding begins inside the run: `base64(secret)`, and `base64(user:secret)`
 * of a Basic `Authorization` header whatever the user's length.
 */
function hidesInBase64(run: string, needles: Buffer[]): boolean {
  const body = run.replace(/=+$/, '')
  for (let offset = 0; offset < 4 && body.length - offset >= 6; offset++) {
    const decoded = Buffer.from(body.slice(offset), 'base64')
    if (needles.some((needle) => decoded.includes(needle))) return true
  }
  return false
}

export interface Redactor {
  /** The text with every form of every secret replaced by `[redacted]` (a base64 run holding one as a whole). */
  text(text: string): string
  /** A deep copy of a JSON-like value with every string (keys included) redacted. */
  value<T>(value: T): T
  /** Whether the text holds any form of any secret. */
  contains(text: string): boolean
}

/** The one redaction of the platform, for tool results and logs, error messages, events and outbound headers. */
export function createRedactor(secrets: SecretValues): Redactor {
  const values = valuesOf(secrets)
  const forms = [...new Set(values.flatMap(textForms))].filter((form) => form.length >= minimumLength).sort((a, b) => b.length - a.length)
  const needles = values.map((value) => Buffer.from(value))

  const text = (input: string): string => {
    if (!values.length || !input) return input
    let output = input
    for (const form of forms) if (output.includes(form)) output = output.split(form).join(redactionMark)
    return output.replace(base64Run, (run) => (hidesInBase64(run, needles) ? redactionMark : run))
  }
  const contains = (input: string): boolean => {
    if (!values.length || !input) return false
    return forms.some((form) => input.includes(form)) || [...input.matchAll(base64Run)].some(([run]) => hidesInBase64(run, needles))
  }
  const value = <T>(input: T): T => (values.length ? (redactDeep(input, text) as T) : input)
  return { text, value, contains }
}

/** `createRedactor(secrets).text(text)`. */
export function redactSecrets(text: string, secrets: SecretValues): string {
  return createRedactor(secrets).text(text)
}

type Container = Record<string, unknown> | unknown[]

const emptyLike = (source: object): Container => (Array.isArray(source) ? [] : {})

/** Walks with its own stack, not recursion: a tool may answer JSON nested deeper than the call stack. */
function redactDeep(input: unknown, redactText: (text: string) => string): unknown {
  if (typeof input === 'string') return redactText(input)
  if (input === null || typeof input !== 'object') return input
  const root = emptyLike(input)
  const pending: Array<[object, Container]> = [[input, root]]
  while (pending.length > 0) {
    const [source, target] = pending.pop()!
    const isArray = Array.isArray(source)
    for (const [key, item] of Object.entries(source)) {
      let copy: unknown = item
      if (typeof item === 'string') copy = redactText(item)
      else if (item !== null && typeof item === 'object') {
        copy = emptyLike(item)
        pending.push([item, copy as Container])
      }
      // defineProperty, not assignment: a `__proto__` key from parsed JSON stays a plain key.
      Object.defineProperty(target, isArray ? key : redactText(key), { value: copy, enumerable: true, writable: true, configurable: true })
    }
  }
  return root
}
