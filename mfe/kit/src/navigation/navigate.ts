import { navigateToUrl } from 'single-spa'

/** Goes to a URL of the workspace, whichever micro-frontend serves it. */
export function navigate(url: string): void {
  navigateToUrl(url)
}

/** The `next` query parameter of the login page, kept to same-origin paths. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  return next
}
