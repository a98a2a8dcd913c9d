import { expect, test } from '@playwright/test'
import { connect, newAccount, node, selectNode, signUp } from './support/workspace.ts'

test('pin a node\'s output as test data, test one node on it, run the flow with the pin, then unpin', async ({ page }) => {
  await signUp(page, newAccount('Pia'))
  await page.goto('/flows/new')
  for (const type of ['trigger.manual', 'data.transform', 'flow.output']) await page.locator(`[data-node-type="${type}"]`).press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'transform')
  await connect(page, 'transform', 'output')
  await selectNode(page, 'transform')
  const expression = page.locator('[data-field="expression"]').locator('textarea, input').first()
  await expression.fill('{"n": value.n * 2}')
  await expression.press('Tab')

  await page.getByLabel('Input (JSON)').fill('{"n": 2}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')

  // Pin other data on the trigger than it gave: written, checked as JSON.
  await selectNode(page, 'manual')
  await page.getByRole('button', { name: 'Write an output to pin' }).click()
  const pinBox = page.getByLabel('Pinned output (JSON)')
  await expect(pinBox).toHaveValue(/"n": 2/)
  await pinBox.fill('{"n": ')
  await page.getByRole('button', { name: 'Pin', exact: true }).click()
  await expect(page.getByText(/^Not valid JSON/)).toBeVisible()
  await pinBox.fill('{"n": 5}')
  await page.getByRole('button', { name: 'Pin', exact: true }).click()
  await expect(page.getByTestId('pinned-output')).toContainText('"n": 5')
  await expect(page.getByTestId('pinned-count')).toHaveText('1 node has pinned data: they do not run, they hand it on.')

  // Test the transform alone: it runs on the pin; the other nodes keep what they had, not run.
  await selectNode(page, 'transform')
  await page.getByRole('button', { name: 'Test this node' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await expect(page.locator('.panel__last-run').getByLabel('Output of transform')).toContainText('"n": 10')
  await selectNode(page, 'output')
  await expect(page.getByTestId('node-pinned')).toHaveText('given output, not run')
  await expect(page.locator('.panel__last-run').getByLabel('Output of output')).toContainText('"n": 4')
  await selectNode(page, 'manual')
  await expect(page.getByTestId('node-pinned')).toBeVisible()
  await expect(page.locator('.panel__last-run').getByLabel('Output of manual')).toContainText('"n": 5')

  // The test saved the flow: the pin is kept, and a run of the whole flow uses it.
  await page.reload()
  await expect(node(page, 'manual')).toBeVisible()
  await page.getByLabel('Input (JSON)').fill('{"n": 2}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await selectNode(page, 'output')
  await expect(page.locator('.panel__last-run').getByLabel('Output of output')).toContainText('"n": 10')

  await selectNode(page, 'manual')
  await expect(page.getByTestId('pinned-output')).toContainText('"n": 5')
  await page.getByRole('button', { name: 'Unpin' }).click()
  await expect(page.getByTestId('pinned-count')).toHaveCount(0)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.reload()
  await selectNode(page, 'manual')
  await expect(page.getByTestId('pinned-output')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Write an output to pin' })).toBeVisible()
})
