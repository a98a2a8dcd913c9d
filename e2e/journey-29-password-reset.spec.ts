import { expect, test } from '@playwright/test'
import { linkIn, smtpPort, startSmtpInbox, type SmtpInbox } from './support/mailbox.ts'
import { logOut, newAccount, screenshot, signUp } from './support/workspace.ts'

let inbox: SmtpInbox
test.beforeAll(async () => {
  inbox = await startSmtpInbox(smtpPort)
})
test.afterAll(async () => {
  await inbox?.close()
})

test('someone who forgot the password asks for a link, sets a new password from the mail and logs in with it', async ({ page }, testInfo) => {
  const account = newAccount('Rob')
  await signUp(page, account)
  // Signing up mailed a link to confirm the address first (the server sends mail here).
  expect((await inbox.next(account.email)).subject).toBe('Confirm your email address for Troupe')
  await logOut(page)

  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
  await page.getByLabel('Email', { exact: true }).fill(account.email)
  await page.getByRole('button', { name: 'Send me a link' }).click()
  const confirmation = 'If an account has this address, a link to choose a new password is on its way.'
  await expect(page.getByRole('status').filter({ hasText: confirmation })).toBeVisible()
  await screenshot(page, testInfo, 'journey-29-link-requested')

  // An address nobody has gets the very same answer.
  await page.goto('/password-reset')
  await page.getByLabel('Email', { exact: true }).fill(`nobody-${Date.now()}@e2e.test`)
  await page.getByRole('button', { name: 'Send me a link' }).click()
  await expect(page.getByRole('status').filter({ hasText: confirmation })).toBeVisible()

  const { url } = linkIn(await inbox.next(account.email))
  await page.goto(url)
  await page.getByLabel('New password', { exact: true }).fill('a fresh new password')
  await page.getByRole('button', { name: 'Set password' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible()

  const logInWith = async (password: string) => {
    await page.goto('/login')
    await page.getByLabel('Email', { exact: true }).fill(account.email)
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Log in', exact: true }).click()
  }
  await logInWith(account.password)
  await expect(page.getByText('Invalid login')).toBeVisible()
  await logInWith('a fresh new password')
  await expect(page.getByTestId('current-user')).toHaveText(account.name)
})
