import { definePlugin } from '@troupe/sdk/plugin'
import { changeCaseNode } from './change-case.js'
import { textStatsNode } from './text-stats.js'

export { changeCase, changeCaseNode, caseModes, type CaseMode } from './change-case.js'
export { textStats, textStatsNode, type TextStats } from './text-stats.js'

/** An example third-party plugin: two text node types, written only against @troupe/sdk. */
export default definePlugin({
  id: 'example-text',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Text utilities: change case, count words',
  contributes: { nodeTypes: [changeCaseNode, textStatsNode] }
})
