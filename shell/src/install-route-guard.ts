import { watch } from 'vue'
import { navigateToUrl } from 'single-spa'
import type { useSessionStore } from '@troupe/mfe-kit'
import { redirectFor } from './route-guard.ts'

type Session = ReturnType<typeof useSessionStore>

interface BeforeRoutingDetail {
  newUrl: string
  cancelNavigation?: () => void
}

/**
 * Keeps anonymous visitors on the public pages: checked once before single-spa starts, on every
 * navigation, and when the session ends (logout, in this tab or another, or a refused refresh).
 */
export function installRouteGuard(session: Session): void {
  const initial = redirectFor(new URL(window.location.href), session.isAuthenticated)
  if (initial) window.history.replaceState(null, '', initial)

  window.addEventListener('single-spa:before-routing-event', (event) => {
    const detail = (event as CustomEvent<BeforeRoutingDetail>).detail
    const target = redirectFor(new URL(detail.newUrl), session.isAuthenticated)
    if (!target || !detail.cancelNavigation) return
    detail.cancelNavigation()
    setTimeout(() => navigateToUrl(target))
  })

  watch(
    () => session.isAuthenticated,
    (authenticated) => {
      const target = redirectFor(new URL(window.location.href), authenticated)
      if (target) navigateToUrl(target)
    }
  )
}
