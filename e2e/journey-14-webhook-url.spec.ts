import { expect, test } from '@playwright/test'
import { createTriggerToOutputFlow, newAccount, selectNode, signUp } from './support/workspace.ts'

test('a webhook trigger shows its URL once the flow is saved; the copied URL runs the flow', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await signUp(page, newAccount('Wes'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.webhook"]').press('Enter')
  await selectNode(page, 'webhook')
  await expect(page.getByText('Save the flow to get its URL.')).toBeVisible()
  await createTriggerToOutputFlow(page, 'trigger.webhook')
  await selectNode(page, 'webhook')

  const url = page.getByTestId('webhook-url')
  await expect(url).toHaveText(new RegExp(`^${new URL(page.url()).origin}/api/v1/hooks/[0-9a-f-]{36}$`))
  await page.getByRole('button', { name: 'Copy URL' }).click()
  await expect(page.getByText('Copied', { exact: true })).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(await url.textContent())

  // Anyone with the URL can start the flow (it has no secret), and gets its output.
  const answer = await page.request.post(copied, { data: { order: 42 } })
  expect(answer.status()).toBe(200)
  expect(await answer.json()).toEqual({ order: 42 })
})
