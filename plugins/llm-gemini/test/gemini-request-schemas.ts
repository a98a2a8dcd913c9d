/**
 * JSON Schemas of the request bodies the Gemini API documents (https://ai.google.dev/api), as
 * strict as the API: unknown fields are refused (Google answers `Unknown name "x"`), a `Part`
 * holds exactly one kind of data, roles are `user` or `model`, `responseJsonSchema` needs
 * `responseMimeType: application/json` and excludes `responseSchema`, and a function declaration
 * has `parameters` or `parametersJsonSchema`, not both. Only the fields a text chat can use are
 * described; the stand-in refuses the rest as unknown, which a plugin sending them would notice.
 */

const functionName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$' }
/** `bytes` fields are base64 in JSON (standard or URL-safe alphabet). */
const bytes = { type: 'string', pattern: '^[A-Za-z0-9+/_-]*={0,2}$' }
const jsonObject = { type: 'object' }

const part = {
  type: 'object',
  additionalProperties: false,
  properties: {
    text: { type: 'string' },
    inlineData: { type: 'object', additionalProperties: false, required: ['mimeType', 'data'], properties: { mimeType: { type: 'string' }, data: bytes } },
    fileData: { type: 'object', additionalProperties: false, required: ['fileUri'], properties: { mimeType: { type: 'string' }, fileUri: { type: 'string' } } },
    functionCall: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { id: { type: 'string' }, name: functionName, args: jsonObject }
    },
    functionResponse: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'response'],
      properties: { id: { type: 'string' }, name: functionName, response: jsonObject }
    },
    thought: { type: 'boolean' },
    thoughtSignature: bytes
  },
  // `data` is a oneof: a part is text, a blob, a file, a call or a response.
  oneOf: [{ required: ['text'] }, { required: ['inlineData'] }, { required: ['fileData'] }, { required: ['functionCall'] }, { required: ['functionResponse'] }]
}

const content = {
  type: 'object',
  additionalProperties: false,
  required: ['parts'],
  properties: {
    role: { enum: ['user', 'model'] },
    parts: { type: 'array', minItems: 1, items: part }
  }
}

const functionDeclaration = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: functionName,
    description: { type: 'string' },
    parameters: jsonObject,
    parametersJsonSchema: jsonObject,
    response: jsonObject,
    responseJsonSchema: jsonObject
  },
  not: { required: ['parameters', 'parametersJsonSchema'] }
}

const tool = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    functionDeclarations: { type: 'array', minItems: 1, items: functionDeclaration },
    googleSearch: jsonObject,
    codeExecution: jsonObject,
    urlContext: jsonObject
  }
}

const generationConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stopSequences: { type: 'array', maxItems: 5, items: { type: 'string' } },
    responseMimeType: { enum: ['text/plain', 'application/json', 'text/x.enum'] },
    responseSchema: jsonObject,
    responseJsonSchema: jsonObject,
    candidateCount: { type: 'integer', minimum: 1 },
    maxOutputTokens: { type: 'integer', minimum: 1 },
    temperature: { type: 'number', minimum: 0, maximum: 2 },
    topP: { type: 'number', minimum: 0, maximum: 1 },
    topK: { type: 'integer', minimum: 1 },
    seed: { type: 'integer' },
    presencePenalty: { type: 'number' },
    frequencyPenalty: { type: 'number' },
    responseLogprobs: { type: 'boolean' },
    logprobs: { type: 'integer' },
    thinkingConfig: {
      type: 'object',
      additionalProperties: false,
      properties: { includeThoughts: { type: 'boolean' }, thinkingBudget: { type: 'integer', minimum: -1 }, thinkingLevel: { enum: ['LOW', 'MEDIUM', 'HIGH', 'MINIMAL'] } }
    }
  },
  not: { required: ['responseSchema', 'responseJsonSchema'] },
  if: { anyOf: [{ required: ['responseSchema'] }, { required: ['responseJsonSchema'] }] },
  then: { required: ['responseMimeType'], properties: { responseMimeType: { enum: ['application/json', 'text/x.enum'] } } }
}

/** `models.generateContent` and `models.streamGenerateContent`. */
export const generateContentRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['contents'],
  properties: {
    contents: { type: 'array', minItems: 1, items: content },
    systemInstruction: content,
    tools: { type: 'array', items: tool },
    toolConfig: {
      type: 'object',
      additionalProperties: false,
      properties: {
        functionCallingConfig: {
          type: 'object',
          additionalProperties: false,
          properties: { mode: { enum: ['AUTO', 'ANY', 'NONE', 'VALIDATED'] }, allowedFunctionNames: { type: 'array', items: functionName } }
        }
      }
    },
    safetySettings: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['category', 'threshold'], properties: { category: { type: 'string', pattern: '^HARM_CATEGORY_' }, threshold: { type: 'string' } } }
    },
    generationConfig,
    cachedContent: { type: 'string', pattern: '^cachedContents/' }
  }
}

const taskTypes = ['TASK_TYPE_UNSPECIFIED', 'RETRIEVAL_QUERY', 'RETRIEVAL_DOCUMENT', 'SEMANTIC_SIMILARITY', 'CLASSIFICATION', 'CLUSTERING', 'QUESTION_ANSWERING', 'FACT_VERIFICATION', 'CODE_RETRIEVAL_QUERY']

/** `models.batchEmbedContents`: at most 100 requests, each naming the model of the URL. */
export const batchEmbedContentsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requests'],
  properties: {
    requests: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['model', 'content'],
        properties: {
          model: { type: 'string', pattern: '^models/' },
          content,
          taskType: { enum: taskTypes },
          title: { type: 'string' },
          outputDimensionality: { type: 'integer', minimum: 1 }
        }
      }
    }
  }
}
