import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the admin pages: users and roles, LLM providers, API keys. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
