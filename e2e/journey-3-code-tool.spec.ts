import { expect, test } from '@playwright/test'
import { connect, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

test('register a code tool, test-run it, and call it from a flow', async ({ page }, testInfo) => {
  await signUp(page, newAccount())
  await page.getByRole('link', { name: 'Tools', exact: true }).click()
  await expect(page.getByText('No tools yet')).toBeVisible()
  await page.getByRole('link', { name: 'Register a tool' }).click()

  await page.getByLabel('Name', { exact: true }).fill('multiply')
  await page.getByLabel('Description', { exact: true }).fill('Multiplies two numbers')
  const code = page.getByRole('textbox', { name: 'Tool code' })
  await code.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await code.fill("export default ({ a, b }) => {\n  console.log('multiplying', a, b)\n  return a * b\n}\n")
  await expect(page.getByLabel('Name of argument 1')).toHaveValue('a')
  await page.getByRole('button', { name: 'Save tool' }).click()
  await expect(page).toHaveURL(/\/tools\/[0-9a-f-]{36}$/)

  await page.getByLabel('Arguments (JSON)').fill('{"a": 6, "b": 7}')
  await page.getByRole('button', { name: 'Run test' }).click()
  const result = page.getByTestId('test-result')
  await expect(result).toContainText('ok')
  await expect(page.getByLabel('Test result')).toHaveText('42')
  await expect(page.getByTestId('test-logs')).toContainText('multiplying 6 7')

  // Arguments that do not match the input schema are refused with the field named.
  await page.getByLabel('Arguments (JSON)').fill('{"a": "six"}')
  await page.getByRole('button', { name: 'Run test' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'The test could not run' })).toContainText('args')
  await screenshot(page, testInfo, 'journey-3-tool-test-run')

  // Use it in a flow, adding nodes from the palette with the keyboard.
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="tool.call"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await expect(page.locator('.node-card')).toHaveCount(3)
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'call')
  await connect(page, 'call', 'output')
  await expect(page.locator('.vue-flow__edge')).toHaveCount(2)

  await selectNode(page, 'call')
  await page.getByRole('combobox', { name: 'Tool' }).selectOption({ label: 'multiply' })
  await page.getByLabel('Arguments', { exact: true }).fill('{"a": "{{ input.x }}", "b": 3}')
  await page.getByLabel('Arguments', { exact: true }).blur()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  await page.getByLabel('Input (JSON)').fill('{"x": 5}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(node(page, 'output')).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByLabel('Run output')).toHaveText('15')
  await screenshot(page, testInfo, 'journey-3-flow-with-tool')
})
