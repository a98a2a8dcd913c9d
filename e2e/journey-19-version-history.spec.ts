import { expect, test } from '@playwright/test'
import { createTriggerToOutputFlow, newAccount, node, signUp } from './support/workspace.ts'

test('an earlier version is restored from the editor and saved as the newest', async ({ page }) => {
  await signUp(page, newAccount('Vera'))
  await createTriggerToOutputFlow(page)

  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await page.getByLabel('Milliseconds').fill('5')
  await page.getByLabel('Milliseconds').press('Tab')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 2')).toBeVisible()

  await page.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('complementary', { name: 'Version history' })
  await expect(history.locator('[data-version="2"]')).toContainText('saved now')
  await expect(history.locator('[data-version="2"] [data-testid="version-change"]')).toHaveText('Restoring it: The same graph')
  await expect(history.locator('[data-version="1"] [data-testid="version-change"]')).toHaveText('Restoring it: 1 node removed (delay)')

  await history.getByRole('button', { name: 'Restore version 1' }).click()
  await expect(node(page, 'delay')).toHaveCount(0)
  await expect(page.getByText('Unsaved changes')).toBeVisible()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 3')).toBeVisible()
  await expect(history.locator('[data-version="3"]')).toContainText('saved now')
  await expect(history.locator('[data-version="2"] [data-testid="version-change"]')).toHaveText('Restoring it: 1 node added (delay)')
})
