import { expect, test } from '@playwright/test'
import { connect, newAccount, screenshot, selectNode, signUp } from './support/workspace.ts'

test('a finished run is replayed from one of its nodes: the nodes before it keep their outputs, the rest runs again', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'delay')
  await connect(page, 'delay', 'output')
  await selectNode(page, 'delay')
  await page.getByLabel('Milliseconds').fill('200')
  await page.getByLabel('Milliseconds').blur()

  await page.getByRole('button', { name: 'Run flow' }).click()
  await page.getByRole('link', { name: 'Open details' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  const firstUrl = page.url()

  // Pick the delay in the timeline: its panel offers to run the flow again from there.
  await page.locator('.timeline__row[data-node-id="delay"]').click()
  const runFromHere = page.getByTestId('run-from-here')
  await expect(runFromHere).toBeVisible()
  await screenshot(page, testInfo, 'journey-10-run-from-here')
  await runFromHere.click()

  // A new execution, linked to the first, runs from the delay on.
  await expect(page).not.toHaveURL(firstUrl)
  await expect(page.getByTestId('rerun-of')).toBeVisible()
  await expect(page.getByText('from node delay')).toBeVisible()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  await expect(page.locator('.timeline__row[data-node-id="delay"]')).toHaveAttribute('data-status', 'succeeded')
  // The trigger was not run again: its recorded output was reused, and it says so.
  await page.locator('.timeline__row[data-node-id="manual"]').click()
  await expect(page.getByTestId('node-reused')).toBeVisible()
  await screenshot(page, testInfo, 'journey-10-replayed')

  // And back to the run it came from.
  await page.getByTestId('rerun-of').click()
  await expect(page).toHaveURL(firstUrl)
  await expect(page.getByTestId('retry-execution')).toHaveText('Run again')
})
