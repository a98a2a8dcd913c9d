import { expect, test } from '@playwright/test'
import { createTriggerToOutputFlow, newAccount, selectNode, signUp } from './support/workspace.ts'

test("after a run, a node's panel shows what it did: input, output and timing", async ({ page }) => {
  await signUp(page, newAccount('Ines'))
  await createTriggerToOutputFlow(page)

  await selectNode(page, 'output')
  await expect(page.getByRole('heading', { name: 'Last run' })).toBeHidden()
  await page.getByLabel('Input (JSON)').fill('{"order": 42}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')

  const lastRun = page.locator('.panel__last-run')
  await expect(lastRun.getByRole('heading', { name: 'Last run' })).toBeVisible()
  await expect(lastRun.getByText('succeeded')).toBeVisible()
  await expect(lastRun.getByLabel('Input of output')).toContainText('"order": 42')
  await expect(lastRun.getByLabel('Output of output')).toContainText('"order": 42')
  await expect(lastRun.getByTestId('node-took')).toHaveText(/\d/)

  // Another node shows its own part of the run.
  await selectNode(page, 'manual')
  await expect(page.locator('.panel__last-run').getByLabel('Output of manual')).toContainText('"order": 42')
})
