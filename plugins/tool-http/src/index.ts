import { definePlugin } from '@troupe/sdk/plugin'
import { httpToolKind } from './http-tool-kind.js'

/** The `http` tool kind (`{kind: 'http', http: {method, url, headers?, body?}}`). */
export default definePlugin({
  id: 'tool-http',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Tools that call an HTTP API: URL, header and body templates over the arguments, secrets in header values',
  contributes: { toolKinds: [httpToolKind] }
})
