/**
 * The port of the OpenID provider the single sign-on journey starts (`TROUPE_SSO_ALLOWED_HOSTS` in
 * playwright.config.ts lets the server reach it on loopback). Apart from the provider, so the
 * config reads it without loading the provider's package.
 */
export const oidcPort = Number(process.env.TROUPE_E2E_OIDC_PORT ?? Number(process.env.TROUPE_E2E_PORT ?? 3917) + 2)
