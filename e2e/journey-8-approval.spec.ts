import { expect, test } from '@playwright/test'
import { connect, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

test('a run waits for a human approval, which the inbox shows and decides, and the run goes on live', async ({ page, context }, testInfo) => {
  await signUp(page, newAccount())
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="human.approval"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'approval')
  await connect(page, 'approval', 'output', 'approved')
  await selectNode(page, 'approval')
  await page.getByLabel('Title').fill('Publish the release notes?')
  await page.getByLabel('Title').blur()

  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(node(page, 'approval')).toHaveAttribute('data-status', 'waiting')
  await page.getByRole('link', { name: 'Open details' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('waiting')

  // The inbox, in a second tab: the run keeps waiting there until someone decides.
  const inbox = await context.newPage()
  await inbox.goto('/executions/approvals')
  const card = inbox.getByRole('article', { name: 'Publish the release notes?' })
  await expect(card).toBeVisible()
  await screenshot(inbox, testInfo, 'journey-8-inbox')
  await card.getByRole('button', { name: 'Approve' }).click()
  await expect(card).toHaveCount(0)
  await expect(inbox.getByText('Nothing to decide')).toBeVisible()

  // The first tab saw the run go on, without a reload.
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  await expect(page.locator('.timeline__row[data-node-id="output"]')).toHaveAttribute('data-status', 'succeeded')
})
