/**
 * The Anthropic stand-in for tests (`@troupe/plugin-llm-anthropic/testing`): a local server that
 * speaks the Messages API, checks requests as the API does and answers in its wire format.
 */
export { startFakeAnthropic, standInApiKey, type FakeAnthropic, type FakeHandler, type RecordedRequest } from './fake-anthropic-server.js'
export { startScriptedAnthropic, scriptedReply, type ScriptedAnthropic } from './scripted-anthropic.js'
export { problemOf, type IssuedThinking } from './check-messages-request.js'
export * from './fake-anthropic-replies.js'
