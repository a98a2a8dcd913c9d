/** A workspace page carrying a token (`/invitations/accept?token=…`), on the server's public URL. */
export function emailLink(publicUrl: string, page: '/invitations/accept' | '/password-reset' | '/verify-email', token: string): string {
  const url = new URL(page.slice(1), `${publicUrl}/`)
  url.searchParams.set('token', token)
  return url.toString()
}
