import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'

const question = 'This flow has unsaved changes. Leave without saving?'

/**
 * Keeps unsaved work from being lost by accident: closing or reloading the tab asks the browser's
 * own question, and leaving the editor for another page of the workspace (this section's or
 * another micro-frontend's) asks to confirm.
 */
export function useUnsavedGuard(dirty: Ref<boolean>, confirmLeave: (message: string) => boolean = (message) => window.confirm(message)) {
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (!dirty.value) return
    event.preventDefault()
    // Older browsers show the dialog only when a value is returned.
    event.returnValue = ''
  }
  // Navigation to another micro-frontend goes through single-spa, not this section's router.
  const beforeRouting = (event: Event) => {
    const detail = (event as CustomEvent<{ cancelNavigation?: () => void; newUrl?: string }>).detail
    if (!dirty.value || !detail?.cancelNavigation) return
    // Within the flows section the section's router asks (below), once.
    const path = detail.newUrl ? new URL(detail.newUrl, window.location.href).pathname : ''
    if (path === '/flows' || path.startsWith('/flows/')) return
    if (!confirmLeave(question)) detail.cancelNavigation()
  }
  onMounted(() => {
    window.addEventListener('beforeunload', beforeUnload)
    window.addEventListener('single-spa:before-routing-event', beforeRouting)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', beforeUnload)
    window.removeEventListener('single-spa:before-routing-event', beforeRouting)
  })
  onBeforeRouteLeave(() => !dirty.value || confirmLeave(question))
}
