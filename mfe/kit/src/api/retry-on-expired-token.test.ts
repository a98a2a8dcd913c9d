import { feathers } from '@feathersjs/feathers'
import { NotAuthenticated } from '@feathersjs/errors'
import { describe, expect, it } from 'vitest'
import { retryOnExpiredToken } from './retry-on-expired-token.ts'

/** A service whose calls fail with 401 until the token is renewed. */
function appWith(refresh: () => Promise<boolean>) {
  const state = { renewed: false, calls: 0 }
  const app = feathers()
  app.use('things', {
    async get(id: string) {
      state.calls++
      if (!state.renewed) throw new NotAuthenticated('jwt expired')
      return { id }
    }
  })
  app.hooks({ around: { all: [retryOnExpiredToken(async () => (state.renewed = await refresh()))] } })
  return { service: app.service('things'), state }
}

describe('retryOnExpiredToken', () => {
  it('retries a call refused with 401 once, after the session is renewed', async () => {
    const { service, state } = appWith(async () => true)
    expect(await service.get('a')).toEqual({ id: 'a' })
    expect(state.calls).toBe(2)
  })

  it('lets the refusal stand when nobody is signed in, and never retries twice', async () => {
    const anonymous = appWith(async () => false)
    await expect(anonymous.service.get('a')).rejects.toMatchObject({ code: 401 })
    expect(anonymous.state.calls).toBe(1)
  })
})
