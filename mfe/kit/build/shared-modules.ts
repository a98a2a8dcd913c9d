/**
 * Modules the browser loads once, through the shell's import map, and every micro-frontend
 * imports by name (its bundle leaves them out). The key is the bare specifier; the value names
 * the file the shell's shared build emits for it.
 */
export const sharedModules = {
  vue: 'vue',
  pinia: 'pinia',
  'vue-router': 'vue-router',
  'single-spa': 'single-spa',
  '@troupe/sdk': 'troupe-sdk',
  '@troupe/mfe-kit': 'troupe-mfe-kit'
} as const

export const sharedSpecifiers = Object.keys(sharedModules)

/** Where the core serves a micro-frontend's built files (`mfe/<dir>/dist`). */
export const mfeBasePath = (dir: string) => `/mfe/${dir}/`
