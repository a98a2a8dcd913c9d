import { describe, expect, it } from 'vitest'
import { buildImportMap } from './import-map.ts'

describe('buildImportMap', () => {
  it('maps shared modules to their hashed files and micro-frontends to their served entry', () => {
    const map = buildImportMap(
      { vue: 'assets/vue-Ab12Cd34.js', '@troupe/sdk': 'assets/troupe-sdk-Ef56Gh78.js' },
      { '@troupe/mfe-flow-editor': 'flow-editor' }
    )
    expect(map).toEqual({
      imports: {
        '@troupe/sdk': '/assets/troupe-sdk-Ef56Gh78.js',
        vue: '/assets/vue-Ab12Cd34.js',
        '@troupe/mfe-flow-editor': '/mfe/flow-editor/main.js'
      }
    })
  })
})
