import { expect, test } from '@playwright/test'
import { newAccount, signUp } from './support/workspace.ts'

test("register a tool of a plugin's kind through the form its settings schema draws", async ({ page }) => {
  await signUp(page, newAccount())
  await page.goto('/tools/new')
  await page.getByLabel('Name', { exact: true }).fill('service-status')
  await page.getByLabel('Kind').selectOption({ label: 'JSON GET (ticker)' })
  await expect(page.getByText('JSON GET settings')).toBeVisible()
  // The kind names a destination, so the tool can hold secrets bound to it.
  await expect(page.getByRole('group', { name: 'Secrets' })).toBeVisible()

  // A value the plugin's schema refuses is named by its field.
  await page.getByLabel('URL').fill('not a url')
  await page.getByLabel('URL').blur()
  await page.getByRole('button', { name: 'Save tool' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('settings.url')

  await page.getByLabel('URL').fill('https://status.example.com/api')
  await page.getByLabel('URL').blur()
  await page.getByRole('button', { name: 'Save tool' }).click()
  await expect(page).toHaveURL(/\/tools\/[0-9a-f-]{36}$/)
  await page.reload()
  await expect(page.getByLabel('URL')).toHaveValue('https://status.example.com/api')
  await expect(page.getByLabel('Kind')).toHaveValue('ticker.json-get')
})
