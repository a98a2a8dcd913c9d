/** The origin (`scheme://host:port`) a URL sends to, or `null` for none or an unparsable one. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const origin = new URL(url).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

// The text before a URL template's first `{{` must end its authority (`/`, `?` or `#`) for the
// origin to be fixed: `https://api.example.com{{ args.x }}` could become `https://api.example.com.evil.test`.
const fixedAuthority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\{}]+[/?#]/i

/**
 * The origin a URL template always sends to, whatever its `{{ }}` fill in, or `null` when a
 * template may change the scheme, host or port.
 */
export function templateOrigin(template: string): string | null {
  const start = template.indexOf('{{')
  if (start === -1) return originOf(template)
  const authority = fixedAuthority.exec(template.slice(0, start))
  return authority ? originOf(authority[0]) : null
}
