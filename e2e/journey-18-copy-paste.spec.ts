import { expect, test } from '@playwright/test'
import { connect, newAccount, node, selectNode, signUp } from './support/workspace.ts'

test('nodes are duplicated in a flow, and copied into another flow with their edge', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await signUp(page, newAccount('Cody'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'delay')

  // Duplicate from the panel, then undo it.
  await selectNode(page, 'delay')
  await page.getByLabel('Milliseconds').fill('10')
  await page.getByLabel('Milliseconds').press('Tab')
  await page.getByRole('button', { name: 'Duplicate' }).click()
  await expect(node(page, 'delay_2')).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'delay_2', exact: true })).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect(node(page, 'delay_2')).toHaveCount(0)

  // Copy both nodes (the second added to the selection with Ctrl) and paste them into a new flow.
  await node(page, 'manual').click()
  await node(page, 'delay').click({ modifiers: ['Control'] })
  await page.keyboard.press('Control+c')
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))
  expect(copied).toMatchObject({ format: 'troupe.nodes', version: 1 })
  expect(copied.nodes.map((item: { id: string }) => item.id).sort()).toEqual(['delay', 'manual'])
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  await page.goto('/flows/new')
  await page.locator('.vue-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+v')
  await expect(node(page, 'manual')).toBeVisible()
  await expect(node(page, 'delay')).toBeVisible()
  await expect(page.locator('.vue-flow__edge')).toHaveCount(1)
  // The copy keeps its settings.
  await selectNode(page, 'delay')
  await expect(page.getByLabel('Milliseconds')).toHaveValue('10')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
})
