import { expect, test } from '@playwright/test'
import { oidcPort, startOidcProvider, type TestOidcProvider } from './support/identity-provider.ts'
import { logOut, newAccount, screenshot, signUp } from './support/workspace.ts'

let idp: TestOidcProvider
const client = { clientId: 'troupe-e2e', clientSecret: 'e2e-client-secret-0123456789' }

test.beforeAll(async ({ baseURL }) => {
  idp = await startOidcProvider([{ ...client, redirectUri: `${baseURL}/api/v1/sso/callback` }], oidcPort)
})
test.afterAll(async () => {
  await idp?.close()
})

test('an admin sets up single sign-on; a new colleague signs in through the identity provider and lands in the workspace with the default role', async ({ page }, testInfo) => {
  const workspace = `Sso ${Date.now()}`
  await signUp(page, newAccount('Ada'), workspace)

  await page.goto('/admin/sso')
  await expect(page.getByRole('heading', { name: 'Single sign-on (OpenID Connect)' })).toBeVisible()
  await page.getByLabel('Issuer URL').fill(idp.issuer)
  await page.getByLabel('Client ID').fill(client.clientId)
  await page.getByLabel(/^Client secret/).fill(client.clientSecret)
  await page.getByLabel('Button text: “Sign in with …”').fill('Test IdP')
  await page.getByLabel('Allowed email domains (comma-separated)').fill('sso-e2e.test')
  await page.getByLabel('Default role of new users').selectOption('member')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByLabel(/^Client secret \(stored/)).toBeVisible()
  await screenshot(page, testInfo, 'journey-30-sso-settings')
  await logOut(page)

  idp.accounts.set('zoe', { email: `zoe-${Date.now()}@sso-e2e.test`, email_verified: true, name: 'Zoe' })
  idp.signInAs('zoe')
  await page.getByLabel('Single sign-on: your workspace\'s name or your work address').fill(workspace)
  await page.getByRole('button', { name: 'Find my sign-in' }).click()
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click()
  await expect(page.getByTestId('current-user')).toHaveText('Zoe')
  await expect(page.getByTestId('current-role')).toHaveText('member')
  await screenshot(page, testInfo, 'journey-30-signed-in-through-sso')
})
