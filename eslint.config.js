import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

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
