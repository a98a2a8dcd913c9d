/**
 * `text` with `url`, and the password it may carry, replaced by `***`: for error messages about a
 * connection URL, which must never show its secret.
 */
export function redactUrl(text: string, url: string): string {
  let redacted = text.split(url).join('***')
  let password = ''
  try {
    password = new URL(url).password
  } catch {
    // Not parsable: then only the whole URL is known to be secret.
  }
  for (const secret of new Set([password, safeDecode(password)])) {
    if (secret) redacted = redacted.split(secret).join('***')
  }
  return redacted
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
