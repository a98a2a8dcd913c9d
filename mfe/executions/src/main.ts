import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the executions list and detail. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
