import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the chat: conversations with agents, crews and flows. */
export const { bootstrap, mount, unmount } = defineMfe(() => import('./app.ts'))
