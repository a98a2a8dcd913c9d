export interface NavLink {
  href: string
  label: string
  /** Only this exact path, not the paths below it. */
  exact?: boolean
}

/** The workspace's sections, in the order of the top navigation. */
export const navLinks: NavLink[] = [
  { href: '/', label: 'Dashboard', exact: true },
  { href: '/flows', label: 'Flows' },
  { href: '/crews', label: 'Crews' },
  { href: '/chat', label: 'Chat' },
  { href: '/executions', label: 'Executions' },
  { href: '/tools', label: 'Tools' },
  { href: '/admin', label: 'Admin' }
]

export function isActiveLink(link: NavLink, pathname: string): boolean {
  if (link.exact) return pathname === link.href
  return pathname === link.href || pathname.startsWith(`${link.href}/`)
}
