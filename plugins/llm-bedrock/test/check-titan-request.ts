/**
 * The documented request of Amazon Titan Text Embeddings through InvokeModel, in Bedrock's words
 * when broken (`ValidationException`): V2 takes `inputText` (1 to 50 000 characters),
 * `dimensions` (256, 512 or 1024), `normalize` and `embeddingTypes`; V1 takes `inputText` only.
 */
export function titanProblemOf(modelId: string, body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'Malformed input request, please reformat your input and try again.'
  const request = body as Record<string, unknown>
  const v2 = modelId.startsWith('amazon.titan-embed-text-v2')
  const allowed = v2 ? ['inputText', 'dimensions', 'normalize', 'embeddingTypes'] : ['inputText']
  const extraneous = Object.keys(request).find((key) => !allowed.includes(key))
  if (extraneous) return `Malformed input request: extraneous key [${extraneous}] is not permitted, please reformat your input and try again.`
  if (typeof request.inputText !== 'string') return 'Malformed input request: required key [inputText] not found, please reformat your input and try again.'
  if (request.inputText.length === 0 || request.inputText.length > 50_000) return 'Malformed input request: expected minLength: 1, actual: 0, please reformat your input and try again.'
  if (request.dimensions !== undefined && ![256, 512, 1024].includes(request.dimensions as number)) return `Malformed input request: #/dimensions: ${String(request.dimensions)} is not a valid enum value, please reformat your input and try again.`
  if (request.normalize !== undefined && typeof request.normalize !== 'boolean') return 'Malformed input request: #/normalize: expected type: Boolean, please reformat your input and try again.'
  return undefined
}

/** A deterministic unit vector for `text` (so tests can tell texts apart and check their order). */
export function titanVectorOf(text: string, dimensions: number): number[] {
  const vector = Array.from({ length: dimensions }, (_unused, index) => Math.sin((index + 1) * (text.length + 1) + text.charCodeAt(index % text.length)))
  const norm = Math.hypot(...vector) || 1
  return vector.map((value) => value / norm)
}
