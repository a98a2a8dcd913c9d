import { AxeBuilder } from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { connect, newAccount, signUp } from './support/workspace.ts'

/** The critical and serious axe violations of the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  type Violation = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }
  return (results.violations as Violation[])
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${violation.help}`))
}

test('every section has no critical or serious axe violations, the flow editor and a finished run included', async ({ page }) => {
  await signUp(page, newAccount())
  const found: Record<string, string[]> = {}
  found.dashboard = await seriousViolations(page)

  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'output')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  found.editor = await seriousViolations(page)

  for (const [name, path] of [
    ['flows', '/flows'],
    ['templates', '/flows/templates'],
    ['executions', '/executions'],
    ['tools', '/tools'],
    ['crews', '/crews'],
    ['agents', '/crews/agents'],
    ['chat', '/chat'],
    ['providers', '/admin/llm-providers'],
    ['users', '/admin/users'],
    ['usage', '/admin/usage'],
    ['audit log', '/admin/audit-log'],
    ['account', '/account']
  ] as const) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
    found[name] = await seriousViolations(page)
  }
  await page.goto('/executions')
  await page.locator('tbody tr a').first().click()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')
  found.execution = await seriousViolations(page)

  expect(Object.fromEntries(Object.entries(found).filter(([, violations]) => violations.length))).toEqual({})
})

test('a node on the canvas is chosen from the keyboard: Enter opens its settings, Escape closes them', async ({ page }) => {
  await signUp(page, newAccount('Kay'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await page.locator('.vue-flow__pane').click({ position: { x: 5, y: 5 } })
  await expect(page.getByRole('heading', { level: 2, name: 'manual', exact: true })).toBeHidden()

  const manual = page.locator('.vue-flow__node[data-id="manual"]')
  await manual.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: 'manual', exact: true })).toBeVisible()
  await page.getByLabel('Label').fill('Start here')
  await page.getByLabel('Label').press('Tab')
  await expect(page.getByRole('heading', { level: 2, name: 'Start here', exact: true })).toBeVisible()

  await manual.focus()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('heading', { level: 2, name: 'Start here', exact: true })).toBeHidden()
})
