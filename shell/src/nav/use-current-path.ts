import { onScopeDispose, ref, type Ref } from 'vue'

/** The current pathname, kept in step with single-spa's routing. */
export function useCurrentPath(): Ref<string> {
  const path = ref(window.location.pathname)
  const update = () => {
    path.value = window.location.pathname
  }
  window.addEventListener('single-spa:routing-event', update)
  onScopeDispose(() => window.removeEventListener('single-spa:routing-event', update))
  return path
}
