import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import { readdirSync } from 'node:fs'

// The layers (docs/architecture.md): the SDK holds the contract and imports no other layer;
// plugins and the web workspace import only the SDK (and the workspace its kit); the core never
// imports a plugin statically (it loads them by name). Tests and testing kits may reach across.
const pluginDirs = readdirSync(new globalThis.URL('./plugins', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
const reaching = (...dirs) => ({ regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`, message: `imports across layers: ${dirs.join(', ')} (see docs/architecture.md)` })
const packages = (names, message) => ({ group: names, message })
const layer = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts', '**/test/**', '**/testing/**', '**/e2e/**'],
  rules: { 'no-restricted-imports': ['error', { patterns }] }
})
const layerRules = [
  layer(['sdk/**/*.ts'], [packages(['@troupe/core', '@troupe/core/*', '@troupe/plugin-*', '@troupe/mfe-*', '@troupe/shell'], 'the SDK imports no other layer'), reaching('core', 'plugins', 'mfe', 'shell')]),
  layer(['plugins/**/*.ts', 'docs/examples/**/*.ts'], [packages(['@troupe/core', '@troupe/core/*', '@troupe/plugin-*', '@troupe/mfe-*', '@troupe/shell'], 'a plugin imports only @troupe/sdk'), reaching('core', 'plugins', 'mfe', 'shell', 'sdk')]),
  layer(['mfe/**/*.ts', 'mfe/**/*.vue', 'shell/**/*.ts', 'shell/**/*.vue'], [packages(['@troupe/core', '@troupe/core/*', '@troupe/plugin-*'], 'the web workspace imports only @troupe/sdk and its kit'), reaching('core', 'plugins', 'sdk')]),
  layer(['core/src/**/*.ts'], [packages(['@troupe/plugin-*', '@troupe/mfe-*', '@troupe/shell'], 'the core loads plugins by name, never statically'), { regex: `^(\\.\\./)+plugins/(${pluginDirs.join('|')})(/|$)`, message: 'the core loads plugins by name, never statically' }])
]

// The web workspace's single-file components: Vue's recommended rules (layout left to the
// formatter), TypeScript in `<script setup lang="ts">` read by typescript-eslint's parser.
const vueFiles = ['shell/**/*.vue', 'mfe/**/*.vue']

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  ...layerRules,
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: vueFiles })),
  {
    files: vueFiles,
    languageOptions: {
      parser: vueParser,
      // Vue 3 has no filters: `a as B | undefined` in a template is a TypeScript union.
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module', vueFeatures: { filter: false } }
    },
    rules: {
      ...pluginVue.configs['no-layout-rules'].rules,
      // TypeScript checks identifiers (vue-tsc); the core rule knows no browser or Vue globals.
      'no-undef': 'off'
    }
  }
)
