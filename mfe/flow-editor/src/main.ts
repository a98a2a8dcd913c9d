import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the flow list and the flow editor. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
