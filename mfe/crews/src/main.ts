import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of agents, crews and crew runs. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
