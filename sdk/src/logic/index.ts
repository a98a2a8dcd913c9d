export { answerLogicRequest, ResultTooLargeError, type LogicAnswer, type LogicLimits, type LogicRequest } from './logic-request.js'
export { tenantLogicFrom, type AnswerLogic } from './tenant-logic-from.js'
export { inProcessLogic } from './in-process-logic.js'
export { evaluateJsonata, defaultJsonataLimits, type JsonataLimits } from './evaluate-jsonata.js'
export { toJsonValue, dataOnly } from './to-json-value.js'
export { isTruthy } from './jsonata-truthiness.js'
export { toFieldErrors, type FieldError } from './field-errors.js'
export { regexProblem, tenantSchemaProblems, validateAgainstTenantSchema, maxSchemaDepth } from './tenant-json-schema.js'
export { firstMatchingRule, type RegexRule, type RegexRuleMatch } from './regex-rules.js'
export {
  renderTemplate,
  compileTemplate,
  newRenderBudget,
  maxRenderedLength,
  RenderedTooLargeError,
  type AnyTemplateScope,
  type CompiledTemplate,
  type RenderBudget,
  type RenderOptions,
  type TemplateScope
} from './render-template.js'
export { renderParams, compileParams } from './render-params.js'
export { originOf, templateOrigin } from './destination-origin.js'
