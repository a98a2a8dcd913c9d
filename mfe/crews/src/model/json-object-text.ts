/** Reads a JSON object typed by the user: empty text is `null`; anything but an object is an error. */
export function parseJsonObject(text: string): { value: Record<string, unknown> | null } | { error: string } {
  if (text.trim() === '') return { value: null }
  try {
    const value = JSON.parse(text) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Enter a JSON object ({ ... })' }
    return { value: value as Record<string, unknown> }
  } catch {
    return { error: 'Enter valid JSON' }
  }
}

export const jsonText = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2))
