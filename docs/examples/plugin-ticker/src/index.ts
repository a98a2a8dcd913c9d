import { definePlugin } from '@troupe/sdk/plugin'
import { everyNode, everyTrigger } from './every.js'
import { jsonGetKind } from './json-get.js'

export default definePlugin({
  id: 'ticker',
  version: '0.1.0',
  apiVersion: '^1.5.0',
  description: 'Start flows on an interval; read JSON endpoints as tools',
  contributes: {
    nodeTypes: [everyNode],
    triggerTypes: [everyTrigger],
    toolKinds: [jsonGetKind]
  }
})
