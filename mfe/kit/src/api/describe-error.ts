/** A field-level problem as the API reports it in `data` of a validation error. */
export interface FieldError {
  field: string
  message: string
}

export interface DescribedError {
  message: string
  /** HTTP-like code of a Feathers error (0 when the error did not come from the API). */
  code: number
  fields: FieldError[]
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && typeof (value as FieldError).field === 'string' && typeof (value as FieldError).message === 'string'
}

/** Turns whatever a call threw into something to show: a message and the fields it names. */
export function describeError(error: unknown): DescribedError {
  if (typeof error === 'object' && error !== null) {
    const { message, code, data } = error as { message?: unknown; code?: unknown; data?: unknown }
    const fields = Array.isArray(data) ? data.filter(isFieldError) : []
    return {
      message: typeof message === 'string' && message ? message : 'Something went wrong',
      code: typeof code === 'number' ? code : 0,
      fields
    }
  }
  return { message: typeof error === 'string' && error ? error : 'Something went wrong', code: 0, fields: [] }
}

/** The fields a validation error names, each with its first message (`{'tasks.0.description': 'must ...'}`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const { field, message } of describeError(error).fields) errors[field] ??= message
  return errors
}

/** The message for `path` or for anything inside it (`toolIds` also matches `toolIds.0`). */
export function fieldError(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path]
  const nested = Object.keys(errors).find((field) => field.startsWith(`${path}.`) || field.startsWith(`${path}/`))
  return nested ? errors[nested] : undefined
}
