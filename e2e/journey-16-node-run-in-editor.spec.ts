import { expect, test } from '@playwright/test'
import { connect, newAccount, selectNode, signUp } from './support/workspace.ts'

test("after a run, a node's panel shows what it did: input, output and timing", async ({ page }) => {
  await signUp(page, newAccount('Ines'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'output')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

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
