import { FeathersError } from '@feathersjs/errors'

/** 413: what the request would store or send is over a limit; `data` names the limit. */
export class PayloadTooLarge extends FeathersError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, 'PayloadTooLarge', 413, 'payload-too-large', data)
  }
}
