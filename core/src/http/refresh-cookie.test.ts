import { describe, expect, it } from 'vitest'
import type { FeathersKoaContext } from '@feathersjs/koa'
import { refreshCookie, refreshCookieName } from './refresh-cookie.js'

/** The parts of a Koa context the middleware reads and writes: a workspace refresh from its cookie. */
function refreshContext() {
  const set: Array<[string, string | null]> = []
  const ctx = {
    path: '/authentication',
    method: 'POST',
    secure: false,
    status: 404,
    body: undefined as unknown,
    request: { body: { strategy: 'refresh' } as Record<string, unknown> },
    get: (header: string) => (header === 'x-troupe-refresh-cookie' ? '1' : ''),
    cookies: {
      get: (name: string) => (name === refreshCookieName ? 'the-token' : undefined),
      set: (name: string, value: string | null) => void set.push([name, value])
    }
  }
  return { ctx: ctx as unknown as FeathersKoaContext, set, body: ctx.request.body }
}

const failWith = (code: number) => async () => {
  throw Object.assign(new Error('no'), { code })
}

describe('refresh cookie', () => {
  it('reads the token from the cookie and clears the cookie when the token is refused (401)', async () => {
    const { ctx, set, body } = refreshContext()
    await expect(refreshCookie(60)(ctx, failWith(401))).rejects.toThrow('no')
    expect(body.refreshToken).toBe('the-token')
    expect(set).toEqual([[refreshCookieName, null]])
  })

  it.each([429, 500, 503])('keeps the cookie when the refresh fails with %i: the session is not over', async (code) => {
    const { ctx, set } = refreshContext()
    await expect(refreshCookie(60)(ctx, failWith(code))).rejects.toThrow('no')
    expect(set).toEqual([])
  })

  it('keeps the cookie when an error handler inside answered 429 instead of throwing', async () => {
    const { ctx, set } = refreshContext()
    await refreshCookie(60)(ctx, async () => {
      ctx.status = 429
      ctx.body = { code: 429 }
    })
    expect(set).toEqual([])
  })
})
