import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { connect, newAccount, node, signUp } from './support/workspace.ts'

test('a flow exported as a file is imported into another workspace, where it runs', async ({ page, browser }) => {
  await signUp(page, newAccount('Eve'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'output')
  await page.getByRole('textbox', { name: 'Flow name' }).fill('Order intake')
  await page.getByRole('textbox', { name: 'Flow name' }).press('Tab')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()])
  expect(download.suggestedFilename()).toBe('order-intake.troupe-flow.json')
  const path = await download.path()
  const file = JSON.parse(readFileSync(path, 'utf8'))
  expect(file).toMatchObject({ format: 'troupe.flow', version: 1, flow: { name: 'Order intake' } })
  expect(file.flow.nodes.map((item: { id: string }) => item.id).sort()).toEqual(['manual', 'output'])

  // Another tenant imports it.
  const other = await browser.newPage()
  await signUp(other, newAccount('Olga'), 'Other Co')
  await other.goto('/flows')
  await other.getByTestId('flow-file').setInputFiles(path)
  await expect(other).toHaveURL(/\/flows\/[0-9a-f-]{36}$/)
  await expect(other.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Order intake')
  await expect(other.getByText('Saved · version 1')).toBeVisible()
  await expect(node(other, 'manual')).toBeVisible()
  await expect(node(other, 'output')).toBeVisible()
  await other.getByLabel('Input (JSON)').fill('{"sku": "A-1"}')
  await other.getByRole('button', { name: 'Run flow' }).click()
  await expect(other.getByTestId('run-status')).toHaveText('succeeded')

  // A file that is not a flow is refused with the reason, and nothing is created.
  await other.goto('/flows')
  await other.getByTestId('flow-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') })
  await expect(other.getByRole('alert')).toContainText('The file is not a Troupe flow')
  await expect(other.locator('tbody tr')).toHaveCount(1)
  await other.close()
})
