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
