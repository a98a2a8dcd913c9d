import { definePlugin } from '@troupe/sdk/plugin'
import { everyNode, everyTrigger } from './every.js'
import { jsonGetKind } from './json-get.js'
import { tickerSettingsSchema, type TickerSettings } from './settings.js'

export default definePlugin<TickerSettings>({
  id: 'ticker',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Start flows on an interval; read JSON endpoints as tools',
  settings: tickerSettingsSchema,
  contributes: {
    nodeTypes: [everyNode],
    triggerTypes: [everyTrigger],
    toolKinds: [jsonGetKind]
  }
})
