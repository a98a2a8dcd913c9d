import { definePlugin } from '@troupe/sdk/plugin'
import { dataTransformNode } from './nodes/data-transform.js'
import { flowOutputNode } from './nodes/flow-output.js'
import { llmPromptNode } from './nodes/llm-prompt.js'
import { logicConditionNode } from './nodes/logic-condition.js'
import { triggerManualNode } from './nodes/trigger-manual.js'
import { triggerWebhookNode } from './nodes/trigger-webhook.js'
import { utilDelayNode } from './nodes/util-delay.js'
import { toolCallNode } from './nodes/tool-call.js'

export { triggerManualNode } from './nodes/trigger-manual.js'
export { triggerWebhookNode } from './nodes/trigger-webhook.js'
export { llmPromptNode, type PromptParams } from './nodes/llm-prompt.js'
export { logicConditionNode, type ConditionParams } from './nodes/logic-condition.js'
export { dataTransformNode, type TransformParams } from './nodes/data-transform.js'
export { utilDelayNode, maxDelayMs, type DelayParams } from './nodes/util-delay.js'
export { flowOutputNode } from './nodes/flow-output.js'
export { toolCallNode, type ToolCallParams } from './nodes/tool-call.js'
export { triggerParamsSchema, type TriggerParams } from './nodes/trigger-params.js'

/** The node types flows are built from: triggers, an LLM call, branching, data shaping, waiting, ending. */
export default definePlugin({
  id: 'nodes-core',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Core node types: manual and webhook triggers, LLM prompt, condition, transform, delay, tool call, flow output',
  contributes: {
    nodeTypes: [
      triggerManualNode,
      triggerWebhookNode,
      llmPromptNode,
      logicConditionNode,
      dataTransformNode,
      utilDelayNode,
      toolCallNode,
      flowOutputNode
    ]
  }
})
