import { expect, test } from '@playwright/test'
import { connect, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

test('start a long execution, watch it live, and cancel it', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'delay')
  await connect(page, 'delay', 'output')
  await selectNode(page, 'delay')
  await page.getByLabel('Milliseconds').fill('60000')
  await page.getByLabel('Milliseconds').blur()

  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(node(page, 'delay')).toHaveAttribute('data-status', 'running')
  await expect(node(page, 'manual')).toHaveAttribute('data-status', 'succeeded')
  await page.getByRole('link', { name: 'Open details' }).click()

  await expect(page.getByTestId('execution-status')).toHaveText('running')
  const delayRow = page.locator('.timeline__row[data-node-id="delay"]')
  await expect(delayRow).toHaveAttribute('data-status', 'running')
  const first = await page.getByTestId('execution-duration').textContent()
  await expect(page.getByTestId('execution-duration')).not.toHaveText(first ?? '')
  await screenshot(page, testInfo, 'journey-5-running')

  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Cancel execution' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('cancelled')
  await expect(delayRow).toHaveAttribute('data-status', 'cancelled')
  await expect(page.locator('.timeline__row[data-node-id="output"]')).not.toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByRole('button', { name: 'Cancel execution' })).toHaveCount(0)

  await page.getByRole('link', { name: '← All executions' }).click()
  await expect(page.locator('tbody tr').first()).toContainText('cancelled')
  await screenshot(page, testInfo, 'journey-5-cancelled')
})
