import { expect, test } from '@playwright/test'
import { newAccount, signUp } from './support/workspace.ts'

test("an admin reads the tenant's LLM usage and its audit log in the workspace", async ({ page }) => {
  await signUp(page, newAccount('Ada'))
  await page.goto('/flows/templates')
  await page.getByRole('button', { name: 'Use the template Summarize a text' }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')

  await page.goto('/admin')
  await page.getByRole('link', { name: 'Usage' }).click()
  const usage = page.getByRole('table', { name: 'LLM usage' })
  await expect(usage.getByTestId('usage-total')).toContainText('Total')
  await expect(usage.getByTestId('usage-total').locator('td').nth(1)).toHaveText('1')
  await page.getByLabel('Per', { exact: true }).selectOption('day')
  await expect(usage.getByRole('columnheader', { name: 'Day' })).toBeVisible()
  await expect(usage.locator('tbody tr').first()).toContainText(new Date().toISOString().slice(0, 10))

  await page.getByRole('link', { name: 'Audit log' }).click()
  const log = page.getByRole('table', { name: 'Audit log' })
  await expect(log.locator('tr[data-action="create"]').filter({ hasText: 'flows' }).first()).toContainText('Ada')
  await expect(log.locator('tr[data-action="execution.start"]').first()).toContainText('succeeded')
  await page.getByLabel('Outcome').selectOption('failure')
  await expect(log.or(page.getByText('Nothing recorded'))).toBeVisible()
  await expect(page.locator('tr[data-action="create"]')).toHaveCount(0)
})
