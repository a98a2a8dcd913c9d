import { pino, type DestinationStream, type Logger } from 'pino'

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

/** Structured JSON logs, on stdout unless another destination is given. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'troupe' } }
  return destination ? pino(options, destination) : pino(options)
}
