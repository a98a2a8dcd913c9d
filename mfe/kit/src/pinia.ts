import { createPinia } from 'pinia'

/**
 * The one Pinia of the page: every micro-frontend's Vue app installs it, so the session store is
 * shared and each micro-frontend's stores (ids prefixed with its name) live side by side.
 */
export const workspacePinia = createPinia()
