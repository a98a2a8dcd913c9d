import { defineMfe } from '@troupe/mfe-kit'

/** The top navigation, always mounted: sections, the signed-in user, logout. */
export const { bootstrap, mount, unmount } = defineMfe(async () => ({ App: (await import('./TopNav.vue')).default }))
