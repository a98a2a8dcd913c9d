import { defineMfe } from '@troupe/mfe-kit'

/** single-spa lifecycles of the dashboard (the workspace's home page). */
export const { bootstrap, mount, unmount } = defineMfe(async () => ({ App: (await import('./views/DashboardView.vue')).default }))
