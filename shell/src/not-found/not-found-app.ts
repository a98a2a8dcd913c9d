import { defineMfe } from '@troupe/mfe-kit'

/** What any path outside the layout's routes shows. */
export const { bootstrap, mount, unmount } = defineMfe(async () => ({ App: (await import('./NotFound.vue')).default }))
