export * from './define-plugin.js'
export * from './llm.js'
export * from './node-type.js'
export * from './tool-runtime.js'
