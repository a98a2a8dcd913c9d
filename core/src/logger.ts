import { pino, type Logger } from 'pino'

/** Paths that may carry secrets; pino replaces them before a line is written. */
const redact = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  '*.headers.authorization'
]

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'troupe' } })
}
