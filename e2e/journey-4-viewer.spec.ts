import { expect, test } from '@playwright/test'
import { logIn, logOut, newAccount, screenshot, signUp } from './support/workspace.ts'

test('an admin invites a viewer, who can look at flows but not edit or run them', async ({ page }, testInfo) => {
  const admin = newAccount('Ann')
  const viewer = newAccount('Vic')
  await signUp(page, admin)

  // A flow to look at.
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  const flowUrl = page.url()

  await page.getByRole('link', { name: 'Admin', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Users and roles' })).toBeVisible()
  const invite = page.getByRole('form', { name: 'Invite a user' })
  await invite.getByLabel('Name').fill(viewer.name)
  await invite.getByLabel('Email').fill(viewer.email)
  await invite.getByLabel('Initial password').fill(viewer.password)
  await invite.getByLabel('Role').selectOption('viewer')
  await invite.getByRole('button', { name: 'Invite' }).click()
  await expect(page.getByRole('status').filter({ hasText: `${viewer.name} can now log in` })).toBeVisible()
  await expect(page.locator(`tr[data-user-email="${viewer.email}"]`)).toContainText('viewer')
  await screenshot(page, testInfo, 'journey-4-admin-invited-viewer')

  await logOut(page)
  await logIn(page, viewer)
  await expect(page.getByTestId('current-role')).toHaveText('viewer')

  await page.goto(flowUrl)
  await expect(page.locator('.node-card')).toHaveCount(2)
  await expect(page.getByText('Read only')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Run flow' })).toHaveCount(0)
  await expect(page.getByLabel('Node palette')).toHaveCount(0)
  await page.locator('.node-card[data-node-id="manual"]').click()
  await expect(page.getByRole('button', { name: 'Delete node' })).toHaveCount(0)
  await expect(page.getByLabel('Label')).toBeDisabled()
  await screenshot(page, testInfo, 'journey-4-viewer-read-only-flow')

  await page.getByRole('link', { name: 'Flows', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Untitled flow' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'New flow' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0)
  await page.getByRole('link', { name: 'Tools', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Tools' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'New tool' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Admin', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Users and roles' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Add provider' })).toHaveCount(0)
})
