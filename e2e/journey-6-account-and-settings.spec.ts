import { expect, test, type Page } from '@playwright/test'
import { connect, logIn, logOut, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

/** A new flow from the palette (keyboard), its nodes connected in order, saved as version 1. */
async function buildFlow(page: Page, types: string[], edges: Array<[string, string]>) {
  await page.goto('/flows/new')
  for (const type of types) await page.locator(`[data-node-type="${type}"]`).press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  for (const [from, to] of edges) await connect(page, from, to)
}

async function save(page: Page, version: number) {
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText(`Saved · version ${version}`)).toBeVisible()
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/)
}

test('the execution detail draws the flow version that ran, after the flow has changed', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await buildFlow(page, ['trigger.manual', 'flow.output'], [['manual', 'output']])
  await save(page, 1)
  const flowUrl = page.url()
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await page.getByRole('link', { name: 'Open details' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  const executionUrl = page.url()

  const graph = page.getByTestId('flow-version-graph')
  await expect(page.getByTestId('flow-version')).toHaveText('Flow version 1')
  await expect(graph.locator('[data-node-id]')).toHaveCount(2)
  await expect(graph.locator('[data-node-id="output"]')).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByTestId('flow-changed')).toHaveCount(0)

  // The flow changes: a node more, saved as version 2.
  await page.goto(flowUrl)
  await expect(node(page, 'output')).toBeVisible()
  // Added from the palette, the new node is selected: its panel is open.
  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: 'delay' })).toBeVisible()
  await page.getByLabel('Milliseconds').fill('10')
  await page.getByLabel('Milliseconds').blur()
  await save(page, 2)

  // The run still shows the graph it ran, and says the flow has moved on.
  await page.goto(executionUrl)
  await expect(page.getByTestId('flow-version')).toHaveText('Flow version 1')
  await expect(page.getByTestId('flow-changed')).toContainText('The flow has changed since this run')
  await expect(page.getByTestId('flow-changed')).toContainText('version 2')
  await expect(graph.locator('[data-node-id]')).toHaveCount(2)
  await expect(graph.locator('[data-node-id="delay"]')).toHaveCount(0)
  await expect(page.locator('.timeline__row[data-node-id="delay"]')).toHaveCount(0)
  await expect(graph.getByRole('img')).toHaveAttribute('aria-label', /Graph of flow version 1 as it ran: manual succeeded, output succeeded/)
  await screenshot(page, testInfo, 'journey-6-pinned-version')
})

test('a node\'s timeout and retry settings are checked, saved, and shown again after a reload', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await buildFlow(page, ['trigger.manual', 'util.delay'], [['manual', 'delay']])
  await selectNode(page, 'delay')
  await page.getByLabel('Milliseconds').fill('10')
  await page.getByLabel('Milliseconds').blur()

  const settings = page.getByRole('region', { name: 'Settings' })
  const timeout = settings.getByLabel('Timeout (ms)')
  const retries = settings.getByLabel('Retries')
  const backoff = settings.getByLabel('Retry backoff (ms)')
  await timeout.fill('-5')
  await timeout.blur()
  await expect(timeout).toHaveAttribute('aria-invalid', 'true')
  await expect(settings.getByRole('alert')).toHaveText('must not be negative')
  await retries.fill('1.5')
  await retries.blur()
  await expect(settings.getByText('must be a whole number')).toBeVisible()

  await timeout.fill('5000')
  await timeout.blur()
  await retries.fill('3')
  await retries.blur()
  await backoff.fill('250')
  await backoff.blur()
  await expect(settings.getByRole('alert')).toHaveCount(0)
  await save(page, 1)

  await page.reload()
  await selectNode(page, 'delay')
  await expect(timeout).toHaveValue('5000')
  await expect(retries).toHaveValue('3')
  await expect(backoff).toHaveValue('250')
  await screenshot(page, testInfo, 'journey-6-node-settings')

  // The settings run with the node: the flow still succeeds.
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
})

test('change the password on the account page, stay signed in, then log in with the new one', async ({ page }, testInfo) => {
  const account = newAccount('Pat')
  await signUp(page, account)
  await page.getByRole('link', { name: 'Account', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
  await expect(page.getByTestId('account-email')).toHaveText(account.email)

  const form = page.getByTestId('change-password')
  const current = form.getByRole('textbox', { name: 'Current password', exact: true })
  const fresh = form.getByRole('textbox', { name: 'New password', exact: true })
  const confirmation = form.getByRole('textbox', { name: 'Confirm new password', exact: true })
  const newPassword = 'a brand new password'

  await current.fill('not my password')
  await fresh.fill(newPassword)
  await confirmation.fill(newPassword)
  await form.getByRole('button', { name: 'Change password' }).click()
  await expect(form.getByText('That is not your current password.')).toBeVisible()
  await expect(current).toHaveAttribute('aria-invalid', 'true')
  await expect(current).toBeFocused()

  await current.fill(account.password)
  await confirmation.fill('a brand new passwort')
  await form.getByRole('button', { name: 'Change password' }).click()
  await expect(form.getByText('Does not match the new password.')).toBeVisible()

  await confirmation.fill(newPassword)
  await form.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed' })).toBeVisible()
  await expect(current).toHaveValue('')
  await screenshot(page, testInfo, 'journey-6-password-changed')

  // Still signed in, through a reload too: the session's refresh cookie survived the change.
  await page.reload()
  await expect(page.getByTestId('current-user')).toHaveText(account.name)
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()

  await logOut(page)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toContainText('Invalid login')
  await logIn(page, { ...account, password: newPassword })
})
