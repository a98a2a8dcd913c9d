import { expect, test } from '@playwright/test'
import { linkIn, smtpPort, startSmtpInbox, type SmtpInbox } from './support/mailbox.ts'
import { newAccount, screenshot, signUp } from './support/workspace.ts'

let inbox: SmtpInbox
test.beforeAll(async () => {
  inbox = await startSmtpInbox(smtpPort)
})
test.afterAll(async () => {
  await inbox?.close()
})

test('a new admin confirms the address from the mailed link, then invites by email; the invitee follows the mailed link, chooses a password and is in with the invited role', async ({ page, browser }, testInfo) => {
  const admin = newAccount('Ann')
  const invitee = newAccount('Mia')
  await signUp(page, admin)

  // The server sends mail, so the new admin's address is unproven until the mailed link is opened:
  // the workspace says so, and inviting waits for it.
  const unconfirmed = page.getByRole('region', { name: 'Email address not confirmed' })
  await expect(unconfirmed).toContainText(admin.email)
  await unconfirmed.getByRole('button', { name: 'Mail the link again' }).click()
  await expect(unconfirmed.getByRole('status')).toContainText(`A link to confirm ${admin.email} is on its way`)
  await screenshot(page, testInfo, 'journey-28-confirm-your-address')
  const first = linkIn(await inbox.next(admin.email))
  const second = linkIn(await inbox.next(admin.email))
  expect(new URL(second.url).pathname).toBe('/verify-email')
  await page.goto(first.url)
  await expect(page.getByRole('alert')).toContainText('invalid, already used or expired')
  await page.goto(second.url)
  await expect(page.getByRole('status').filter({ hasText: `${admin.email} is confirmed` })).toBeVisible()
  await expect(unconfirmed).toHaveCount(0)

  await page.goto('/admin/users')
  const invite = page.getByRole('form', { name: 'Invite by email' })
  await invite.getByLabel('Email address').fill(invitee.email)
  await invite.getByLabel('Role of the invitee').selectOption('member')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${invitee.email}` })).toBeVisible()
  await expect(page.locator(`tr[data-invitation-email="${invitee.email}"]`)).toContainText('member')
  await screenshot(page, testInfo, 'journey-28-invitation-pending')

  const { url } = linkIn(await inbox.next(invitee.email))
  expect(new URL(url).pathname).toBe('/invitations/accept')

  // The invitee, in a browser of its own.
  const context = await browser.newContext()
  const inviteePage = await context.newPage()
  await inviteePage.goto(url)
  const accept = inviteePage.getByRole('form', { name: 'Accept the invitation' })
  await accept.getByLabel('Your name').fill(invitee.name)
  await accept.getByLabel('Password').fill(invitee.password)
  await accept.getByRole('button', { name: 'Join' }).click()
  await expect(inviteePage.getByTestId('current-user')).toHaveText(invitee.name)
  await expect(inviteePage.getByTestId('current-role')).toHaveText('member')
  await screenshot(inviteePage, testInfo, 'journey-28-invitee-in')

  // The link worked once.
  await inviteePage.getByRole('button', { name: 'Log out' }).click()
  await inviteePage.goto(url)
  await inviteePage.getByRole('form', { name: 'Accept the invitation' }).getByLabel('Your name').fill('Someone else')
  await inviteePage.getByRole('form', { name: 'Accept the invitation' }).getByLabel('Password').fill('another password')
  await inviteePage.getByRole('button', { name: 'Join' }).click()
  await expect(inviteePage.getByText('This link is invalid, already used or expired')).toBeVisible()
  await context.close()

  await page.reload()
  await expect(page.locator(`tr[data-user-email="${invitee.email}"]`)).toContainText('member')
  await expect(page.locator(`tr[data-invitation-email="${invitee.email}"]`)).toHaveCount(0)
})
