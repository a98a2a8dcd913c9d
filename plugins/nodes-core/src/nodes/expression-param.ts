/** Longer expressions are refused at save: nothing useful is this long, and each evaluation parses it. */
export const maxExpressionLength = 64 * 1024

/**
 * The `expression` property shared by the expression nodes. `x-troupe-expression` tells the host
 * not to render `{{ }}` templates in it: the node evaluates the text itself, as JSONata.
 */
export function expressionParam(description: string): Record<string, unknown> {
  return {
    type: 'string',
    minLength: 1,
    maxLength: maxExpressionLength,
    title: 'Expression',
    description,
    'x-troupe-expression': true
  }
}
