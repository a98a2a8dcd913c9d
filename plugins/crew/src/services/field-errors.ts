import { BadRequest } from '@feathersjs/errors'

export interface FieldError {
  field: string
  message: string
}

/** A 400 whose message names every offending field and whose `data` lists them, like the core's validation errors. */
export function fieldErrors(what: string, errors: FieldError[]): BadRequest {
  return new BadRequest(`Invalid ${what}: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`, errors)
}
