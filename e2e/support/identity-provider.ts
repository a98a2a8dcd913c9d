export { oidcPort } from './identity-provider-port.ts'
export { startOidcProvider, type TestOidcProvider } from '../../core/test/oidc-test-provider.ts'
