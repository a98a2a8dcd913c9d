import { randomBytes } from 'node:crypto'
import type { RoleName } from '@troupe/sdk'
import { httpClient, type HttpClient } from './http.js'

export interface TestUser {
  id: string
  email: string
  password: string
  role: RoleName
  accessToken: string
  refreshToken: string
  http: HttpClient
}

export interface TestTenant {
  id: string
  admin: TestUser
  /** Adds a user with `role` (through the admin) and logs it in. */
  addUser(role: RoleName): Promise<TestUser>
}

const unique = () => randomBytes(4).toString('hex')

export async function login(url: string, email: string, password: string) {
  const response = await httpClient(url).post('/authentication', { strategy: 'local', email, password })
  if (response.status !== 201) throw new Error(`login failed: ${JSON.stringify(response.body)}`)
  return response.body as { accessToken: string; refreshToken: string; user: { id: string; role: RoleName } }
}

/** Signs up a new tenant through the public API and returns its admin, logged in. */
export async function signupTenant(url: string, name = `Tenant ${unique()}`): Promise<TestTenant> {
  const password = 'correct horse battery'
  const email = `admin-${unique()}@example.test`
  const response = await httpClient(url).post('/signup', { tenant: { name }, name: 'Admin', email, password })
  if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`)
  const { tenant, user, accessToken, refreshToken } = response.body
  const admin: TestUser = { id: user.id, email, password, role: 'admin', accessToken, refreshToken, http: httpClient(url, accessToken) }
  return {
    id: tenant.id,
    admin,
    addUser: async (role) => {
      const memberEmail = `${role}-${unique()}@example.test`
      const created = await admin.http.post('/users', { email: memberEmail, name: role, password, role })
      if (created.status !== 201) throw new Error(`user create failed: ${JSON.stringify(created.body)}`)
      const session = await login(url, memberEmail, password)
      return {
        id: created.body.id,
        email: memberEmail,
        password,
        role,
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        http: httpClient(url, session.accessToken)
      }
    }
  }
}
