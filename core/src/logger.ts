import { pino, type DestinationStream, type Logger } from 'pino'
import { activeTraceIds } from './observability/tracing.js'
import { serializeLoggedError } from './serialize-logged-error.js'

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
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization'
]

/**
 * Structured JSON logs, on stdout unless another destination is given. A line written inside a
 * traced operation carries its `trace_id` and `span_id`. Errors are logged without the data they
 * carry (`serializeLoggedError`): never a statement's parameters.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redact, censor: '[redacted]' },
    base: { service: 'troupe' },
    serializers: { err: serializeLoggedError, error: serializeLoggedError },
    mixin: () => activeTraceIds() ?? {}
  }
  return destination ? pino(options, destination) : pino(options)
}
