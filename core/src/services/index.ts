import type { Application } from '../declarations.js'
import { apiKeys } from './api-keys/api-keys.js'
import { flows } from './flows/flows.js'
import { signup } from './signup/signup.js'
import { users } from './users/users.js'

/** The core's own services; plugins add theirs through the plugin host. */
export function services(app: Application) {
  app.configure(users)
  app.configure(signup)
  app.configure(apiKeys)
  app.configure(flows)
}
