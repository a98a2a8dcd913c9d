import { expect, test } from '@playwright/test'
import { connect, dropNode, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

test('sign up, build a flow by drag and connect, save, run, and watch every node turn green', async ({ page }, testInfo) => {
  const account = newAccount()
  await signUp(page, account)

  // The session survives a reload through the HttpOnly refresh cookie; no token is stored in the page.
  await page.reload()
  await expect(page.getByTestId('current-user')).toHaveText(account.name)
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain('ey')
  const refreshCookie = (await page.context().cookies()).find((cookie) => cookie.name === 'troupe_refresh')
  expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/authentication' })
  expect(await page.evaluate(() => document.cookie)).not.toContain('troupe_refresh')

  await page.getByRole('link', { name: 'Flows', exact: true }).click()
  await expect(page.getByText('No flows yet')).toBeVisible()
  await page.getByRole('link', { name: 'Create a flow' }).click()

  await dropNode(page, 'trigger.manual', 120, 120)
  await dropNode(page, 'llm.prompt', 360, 120)
  await dropNode(page, 'util.delay', 600, 120)
  await expect(page.locator('.node-card')).toHaveCount(3)
  await connect(page, 'manual', 'prompt')
  await connect(page, 'prompt', 'delay')
  await expect(page.locator('.vue-flow__edge')).toHaveCount(2)

  // Saving with a missing required param shows the server's error on the node and the field.
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible()
  await expect(page.getByTestId('errors-prompt')).toContainText('prompt')
  await expect(node(page, 'delay')).toHaveClass(/node-card--invalid/)

  await selectNode(page, 'prompt')
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true })
  await prompt.fill('Hello {{ input.name }}')
  await prompt.blur()
  await selectNode(page, 'delay')
  await page.getByLabel('Milliseconds').fill('200')
  await page.getByLabel('Milliseconds').blur()

  // Undo removes the last param edit, redo brings it back.
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByLabel('Milliseconds')).toHaveValue('')
  await page.getByRole('button', { name: 'Redo' }).click()
  await expect(page.getByLabel('Milliseconds')).toHaveValue('200')

  await dropNode(page, 'flow.output', 600, 300)
  await connect(page, 'delay', 'output')
  await page.getByRole('textbox', { name: 'Flow name' }).fill('Greeter')
  await page.getByRole('textbox', { name: 'Flow name' }).blur()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/)

  await page.getByLabel('Input (JSON)').fill('{"name": "Bob"}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  for (const id of ['manual', 'prompt', 'delay', 'output']) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await expect(page.getByLabel('Run output')).toContainText('echo: Hello Bob')
  await screenshot(page, testInfo, 'journey-1-flow-succeeded')

  await page.getByRole('link', { name: 'Open details' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  await page.getByRole('button', { name: /prompt/ }).click()
  await expect(page.getByTestId('node-tokens')).toHaveText('echo: Hello Bob')
})
