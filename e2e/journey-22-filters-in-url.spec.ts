import { expect, test } from '@playwright/test'
import { newAccount, signUp } from './support/workspace.ts'

test('execution filters are kept in the page address: a reload or a shared link shows the same list', async ({ page }) => {
  await signUp(page, newAccount('Fay'))
  await page.goto('/executions')
  await page.getByLabel('Status').selectOption('failed')
  await expect(page).toHaveURL(/\/executions\?status=failed$/)
  await expect(page.getByText('No execution matches these filters')).toBeVisible()

  await page.reload()
  await expect(page.getByLabel('Status')).toHaveValue('failed')
  await expect(page.getByText('No execution matches these filters')).toBeVisible()

  await page.goto('/executions?status=exploded&trigger=webhook')
  await expect(page.getByLabel('Status')).toHaveValue('')
  await expect(page.getByLabel('Trigger')).toHaveValue('webhook')
  await page.getByLabel('Trigger').selectOption('')
  await expect(page).toHaveURL(/\/executions$/)
  await expect(page.getByText('No executions yet')).toBeVisible()
})
