import type {
  Candidate,
  Content,
  GenerateContentResponsePromptFeedback,
  GenerateContentResponseUsageMetadata,
  GenerationConfig,
  Tool
} from '@google/genai'

/**
 * The JSON bodies of the Gemini API's REST methods (https://ai.google.dev/api), built from the
 * vendor SDK's own types. Only its types are used: its client sends every request through the
 * global `fetch`, with no way to hand it the host's (see README).
 */

/** `models.generateContent` and `models.streamGenerateContent` request body. */
export interface GenerateContentRequest {
  contents: Content[]
  systemInstruction?: Content
  tools?: Tool[]
  generationConfig?: GenerationConfig
}

/** A `GenerateContentResponse`, whole (`generateContent`) or one chunk of a stream. */
export interface GenerateContentResponse {
  candidates?: Candidate[]
  promptFeedback?: GenerateContentResponsePromptFeedback
  usageMetadata?: GenerateContentResponseUsageMetadata
  modelVersion?: string
  responseId?: string
}

/** `models.batchEmbedContents` request body: one request per text. */
export interface BatchEmbedContentsRequest {
  requests: Array<{ model: string; content: Content; outputDimensionality?: number }>
}

export interface BatchEmbedContentsResponse {
  embeddings?: Array<{ values?: number[] }>
  /** `EmbeddingUsageMetadata`; older API revisions send none. */
  usageMetadata?: { promptTokenCount?: number }
}

/** Google's error body (`google.rpc.Status` as JSON), on an error status or as an event of a failed stream. */
export interface GoogleErrorBody {
  error?: {
    code?: number
    message?: string
    /** The canonical code's name: `RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`, ... */
    status?: string
    details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }>
  }
}
