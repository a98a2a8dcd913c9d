import { expect, test } from '@playwright/test'
import { logIn, newAccount, signUp } from './support/workspace.ts'

test("a user's page follows a role change at once: promoted, the viewer can build; no stale role is shown", async ({ page, browser }) => {
  const admin = newAccount('Abe')
  const viewer = newAccount('Val')
  await signUp(page, admin)
  await page.goto('/admin/users')
  const invite = page.getByRole('form', { name: 'Invite a user' })
  await invite.getByLabel('Name').fill(viewer.name)
  await invite.getByLabel('Email').fill(viewer.email)
  await invite.getByLabel('Initial password').fill(viewer.password)
  await invite.getByLabel('Role').selectOption('viewer')
  await invite.getByRole('button', { name: 'Invite' }).click()
  const row = page.locator(`tr[data-user-email="${viewer.email}"]`)
  await expect(row).toContainText('viewer')

  const other = await browser.newPage()
  await logIn(other, viewer)
  await other.goto('/flows')
  await expect(other.getByTestId('current-role')).toHaveText('viewer')
  await expect(other.getByRole('link', { name: 'New flow' })).toHaveCount(0)

  await row.getByRole('combobox').selectOption('member')
  await expect(other.getByTestId('current-role')).toHaveText('member')
  await expect(other.getByRole('link', { name: 'New flow' })).toBeVisible()
  await other.close()
})
