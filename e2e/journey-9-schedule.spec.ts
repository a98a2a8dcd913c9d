import { expect, test } from '@playwright/test'
import { connect, newAccount, screenshot, selectNode, signUp } from './support/workspace.ts'

test('schedule a flow: the editor shows the next fire times, and the runs come by themselves', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.schedule"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'schedule', 'output')
  await selectNode(page, 'schedule')

  await page.getByLabel('Cron expression').fill('30 8 * * 1')
  await page.getByLabel('Cron expression').blur()
  await page.getByLabel('Time zone').fill('America/New_York')
  await page.getByLabel('Time zone').blur()
  const preview = page.getByTestId('node-preview')
  await expect(preview.getByRole('heading', { name: 'Next fire times' })).toBeVisible()
  await expect(preview.locator('li')).toHaveCount(5)
  const first = await preview.locator('time').first().getAttribute('datetime')
  expect(new Date(first!).toLocaleString('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', minute: '2-digit' })).toBe('Mon 8:30 AM')
  await screenshot(page, testInfo, 'journey-9-next-fire-times')

  // A cron that is no cron is named before anything is saved.
  await page.getByLabel('Cron expression').fill('every monday')
  await page.getByLabel('Cron expression').blur()
  await expect(preview).toContainText('cron must have 5 or 6 fields, not 2')

  // Every two seconds instead: saved, it runs by itself.
  await page.getByLabel('Cron expression').fill('')
  await page.getByLabel('Cron expression').blur()
  await page.getByLabel('Every (seconds)').fill('2')
  await page.getByLabel('Every (seconds)').blur()
  await expect(preview.locator('li')).toHaveCount(5)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.goto('/executions')
  await expect(page.locator('tbody tr').first()).toContainText('trigger.schedule', { timeout: 15_000 })

  // Back to a weekly cron, so it stops running every two seconds.
  await page.goBack()
  await selectNode(page, 'schedule')
  await page.getByLabel('Every (seconds)').fill('')
  await page.getByLabel('Every (seconds)').blur()
  await page.getByLabel('Cron expression').fill('30 8 * * 1')
  await page.getByLabel('Cron expression').blur()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 2')).toBeVisible()
})
