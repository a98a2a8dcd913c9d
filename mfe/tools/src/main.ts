import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the tool registry. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
