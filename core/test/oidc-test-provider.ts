import { createServer } from 'node:http'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** The claims an account of the test provider has. */
export interface TestAccount {
  email: string
  email_verified: boolean
  name?: string
  groups?: string[]
}

export interface TestClient {
  clientId: string
  clientSecret: string
  redirectUri: string
}

export interface TestOidcProvider {
  issuer: string
  /** host:port of the issuer, for `TROUPE_SSO_ALLOWED_HOSTS`. */
  endpoint: string
  accounts: Map<string, TestAccount>
  /** The account the next login interaction signs in. */
  signInAs(accountId: string): void
  /**
   * Rewrites the ID token of the next token answers, re-signed with the provider's own key: what
   * a provider that issued such a token (for another client, already expired…) would send.
   */
  tamperIdTokens(rewrite: ((claims: Record<string, unknown>) => Record<string, unknown>) | undefined): void
  close(): Promise<void>
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function resign(idToken: string, key: KeyObject, rewrite: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload] = idToken.split('.')
  const claims = rewrite(JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>)
  const signingInput = `${header}.${base64url(claims)}`
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`
}

/**
 * A real OpenID Provider (`oidc-provider`) on 127.0.0.1 with a random port. Its login and consent
 * interaction is answered at once for the account named by `signInAs`, so a test drives the whole
 * authorization code flow with plain HTTP requests.
 */
export async function startOidcProvider(clients: TestClient[], port = 0): Promise<TestOidcProvider> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: actualPort } = server.address() as AddressInfo
  const issuer = `http://127.0.0.1:${actualPort}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const accounts = new Map<string, TestAccount>()
  let nextAccount: string | undefined
  let rewrite: ((claims: Record<string, unknown>) => Record<string, unknown>) | undefined

  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code']
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id)
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // The claims go into the ID token itself, which is what Troupe reads.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` }
  })
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(ctx.req, ctx.res)
      const accountId = nextAccount ?? 'nobody'
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id })
      grant.addOIDCScope(details.params.scope)
      const result = { login: { accountId }, consent: { grantId: await grant.save() } }
      ctx.status = 303
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }))
      return
    }
    await next()
    const body = ctx.body as { id_token?: string } | undefined
    if (rewrite && ctx.path === '/token' && body && typeof body.id_token === 'string') {
      ctx.body = { ...body, id_token: resign(body.id_token, privateKey, rewrite) }
    }
  })
  server.on('request', provider.callback())
  return {
    issuer,
    endpoint: `127.0.0.1:${actualPort}`,
    accounts,
    signInAs: (accountId) => {
      nextAccount = accountId
    },
    tamperIdTokens: (given) => {
      rewrite = given
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A cookie jar of one browser: cookies by origin, by name (paths are ignored: enough for these flows). */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>()

  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  store(url: URL, response: Response) {
    const cookies = this.byOrigin.get(url.origin) ?? new Map<string, string>()
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair!.indexOf('=')
      const name = pair!.slice(0, index).trim()
      const value = pair!.slice(index + 1).trim()
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)
      if (!value || expired) cookies.delete(name)
      else cookies.set(name, value)
    }
    this.byOrigin.set(url.origin, cookies)
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name)
  }
}

/**
 * A browser without a screen: follows redirects by hand, keeping cookies per origin. Troupe's
 * public URL (`publicUrl`, what it tells the provider) is mapped to where the test server listens.
 */
export function ssoBrowser(serverUrl: string, publicUrl: string) {
  const jar = new CookieJar()
  const local = (url: URL) => (url.origin === new URL(publicUrl).origin ? new URL(`${serverUrl}${url.pathname}${url.search}`) : url)

  async function request(url: URL): Promise<Response> {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } })
    jar.store(url, response)
    return response
  }

  /** Follows redirects from `start` until `stop` says so or a page answers; the last URL and response. */
  async function follow(start: string, stop: (url: URL) => boolean = () => false) {
    let url = local(new URL(start, serverUrl))
    for (let hop = 0; hop < 20; hop++) {
      if (stop(url)) return { url, response: undefined }
      const response = await request(url)
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) return { url, response }
      await response.body?.cancel()
      url = local(new URL(location, url))
    }
    throw new Error('Too many redirects')
  }

  const isCallback = (url: URL) => url.pathname === '/api/v1/sso/callback' && url.origin === new URL(serverUrl).origin

  return {
    jar,
    /** From `GET /api/v1/sso/start…` through the provider, stopping before Troupe's callback: its URL. */
    async toCallback(startPath: string): Promise<URL> {
      const { url } = await follow(startPath, isCallback)
      if (!isCallback(url)) throw new Error(`The flow ended at ${url.href} before the callback`)
      return url
    },
    /** Calls Troupe's callback: where it sends the browser, and the refresh cookie it set. */
    async callback(callbackUrl: URL): Promise<{ location: string; refreshToken?: string }> {
      const response = await request(callbackUrl)
      await response.body?.cancel()
      return { location: response.headers.get('location') ?? '', refreshToken: jar.get(new URL(serverUrl).origin, 'troupe_refresh') }
    },
    /** The whole sign-in: start, provider, callback. */
    async signIn(startPath: string) {
      return this.callback(await this.toCallback(startPath))
    }
  }
}
