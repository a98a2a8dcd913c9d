/**
 * The Bedrock stand-in for tests (`@troupe/plugin-llm-bedrock/testing`): a local server that
 * speaks the Converse API (and InvokeModel for Titan Text Embeddings), checks SigV4 signatures and requests as Bedrock does and answers in its
 * wire format (JSON, and `application/vnd.amazon.eventstream` for ConverseStream).
 */
export { startFakeBedrock, standInKey, type FakeBedrock, type FakeHandler, type RecordedRequest } from './fake-bedrock-server.js'
export { startScriptedBedrock, scriptedReply, titanEmbedding, type ScriptedBedrock } from './scripted-bedrock.js'
export { problemOf } from './check-converse-request.js'
export { titanProblemOf, titanVectorOf } from './check-titan-request.js'
export { signatureProblem, type SigningKey, type SignedRequest, type SignatureProblem } from './verify-sigv4.js'
export * from './bedrock-replies.js'
