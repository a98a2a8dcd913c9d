import { expect, test } from '@playwright/test'
import { newAccount, node, signUp } from './support/workspace.ts'

test('a flow is created from a template and runs with its sample input', async ({ page }) => {
  await signUp(page, newAccount('Tess'))
  await page.goto('/flows')
  await page.getByRole('link', { name: 'Templates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Flow templates' })).toBeVisible()
  await expect(page.locator('[data-template]')).toHaveCount(6)

  await page.getByRole('button', { name: 'Use the template Route orders by total' }).click()
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}\?input=/)
  await expect(page.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Route orders by total')
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  for (const id of ['manual', 'large', 'priority', 'standard', 'output']) await expect(node(page, id)).toBeVisible()
  await expect(page.getByLabel('Input (JSON)')).toHaveValue(/"total": 250/)

  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await expect(node(page, 'priority')).toHaveAttribute('data-status', 'succeeded')
  await expect(node(page, 'standard')).toHaveAttribute('data-status', 'skipped')
})
