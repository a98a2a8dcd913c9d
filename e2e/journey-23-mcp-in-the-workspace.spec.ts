import { expect, test } from '@playwright/test'
import { connect, newAccount, signUp } from './support/workspace.ts'

test('an MCP tool is saved with the headers it authenticates with, and a flow is offered to MCP clients from the editor', async ({ page }) => {
  await signUp(page, newAccount('Max'))
  await page.goto('/tools/new')
  await page.getByLabel('Name', { exact: true }).fill('search_docs')
  await page.getByLabel('Kind').selectOption('mcp')
  // A public address (this machine resolves no names): nothing is called when the tool is saved.
  await page.getByLabel('Server URL').fill('https://1.1.1.1/mcp')
  await page.getByLabel('Server URL').press('Tab')
  await page.getByLabel('Tool name on that server').fill('search')
  await page.getByLabel('Tool name on that server').press('Tab')
  await page.getByLabel('Headers (JSON)').fill('{"authorization": "Bearer {{ secrets.token }}"}')
  await page.getByLabel('Headers (JSON)').press('Tab')
  const secrets = page.getByRole('group', { name: 'Secrets' })
  await secrets.getByLabel('Name').fill('token')
  await secrets.getByLabel('Value').fill('mcp-token-value-1234')
  await secrets.getByRole('button', { name: 'Set secret' }).click()
  await page.getByRole('button', { name: 'Save tool' }).click()
  await expect(page).toHaveURL(/\/tools\/[0-9a-f-]{36}$/)
  await page.reload()
  await expect(page.getByLabel('Headers (JSON)')).toHaveValue(/"authorization": "Bearer \{\{ secrets\.token \}\}"/)
  await expect(page.getByRole('group', { name: 'Secrets' })).toContainText('token set')
  await expect(page.locator('body')).not.toContainText('mcp-token-value-1234')

  // A header value that is not text is refused where it is typed.
  await page.getByLabel('Headers (JSON)').fill('{"x-retries": 3}')
  await page.getByLabel('Headers (JSON)').press('Tab')
  await expect(page.getByText('Enter a JSON object of header names to text values')).toBeVisible()

  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'output')
  await page.getByTestId('flow-mcp').check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('flow-mcp')).toBeChecked()
})
