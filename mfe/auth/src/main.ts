import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the sign-up and login pages. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
