import { expect, test } from '@playwright/test'
import { connect, newAccount, node, screenshot, selectNode, signUp } from './support/workspace.ts'

test('build a flow with palette search and a picker only (no id typed), run it, and open the crew from the picker', async ({ page }, testInfo) => {
  const account = newAccount()
  await signUp(page, account)

  // A tenant with enough crews that the picker offers its search box.
  const login = await page.request.post('/api/v1/authentication', { data: { strategy: 'local', email: account.email, password: account.password } })
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` }
  const agent = await (await page.request.post('/api/v1/agents', { headers, data: { name: 'Writer', role: 'Writer', goal: 'Write' } })).json()
  for (const name of ['Archive', 'Billing', 'Comms', 'Design', 'Events', 'Finance', 'Growth', 'Hiring', 'Newsroom']) {
    const crew = await page.request.post('/api/v1/crews', {
      headers,
      data: { name, process: 'sequential', agentIds: [agent.id], tasks: [{ id: 'write', description: `Write about {topic} for ${name}`, expectedOutput: 'a line', agentId: agent.id }] }
    })
    expect(crew.ok(), await crew.text()).toBe(true)
  }

  await page.getByRole('link', { name: 'Flows', exact: true }).click()
  await page.getByRole('link', { name: 'Create a flow' }).click()
  // Nodes come from the palette's search: type, Enter adds the first match.
  const search = page.getByRole('searchbox', { name: 'Search nodes' })
  for (const [words, type] of [['manual', 'trigger.manual'], ['crew', 'crew.run'], ['output', 'flow.output']]) {
    await search.fill(words)
    await expect(page.locator(`[data-node-type="${type}"]`)).toBeVisible()
    await search.press('Enter')
    await expect(page.locator(`.node-card[data-node-id="${type.split('.')[1]}"]`)).toBeVisible()
  }
  await expect(page.locator('.node-card')).toHaveCount(3)
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'run')
  await connect(page, 'run', 'output')

  await selectNode(page, 'run')
  await page.getByRole('searchbox', { name: 'Search crew by name' }).fill('news')
  const picker = page.getByRole('combobox', { name: 'Crew' })
  await expect(picker.locator('option')).toHaveText(['Choose…', 'Newsroom'])
  await picker.selectOption({ label: 'Newsroom' })
  const open = page.getByRole('link', { name: 'Open Newsroom' })
  await expect(open).toHaveAttribute('href', /^\/crews\/[0-9a-f-]{36}$/)
  await screenshot(page, testInfo, 'journey-11-crew-picker')

  await page.getByRole('textbox', { name: 'Flow name' }).fill('Newsroom run')
  await page.getByRole('textbox', { name: 'Flow name' }).blur()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
  await page.getByLabel('Input (JSON)').fill('{"topic": "robots"}')
  await page.getByRole('button', { name: 'Run flow' }).click()
  await expect(page.getByTestId('run-status')).toHaveText('succeeded')
  await expect(node(page, 'run')).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByLabel('Run output')).toContainText('Write about robots for Newsroom')

  // The picker's link opens the chosen crew.
  await selectNode(page, 'run')
  await page.getByRole('link', { name: 'Open Newsroom' }).click()
  await expect(page.getByRole('heading', { name: 'Newsroom', level: 1 })).toBeVisible()
})

test('unsaved work: leaving asks first, undoing back to the saved flow is no change, and saving it again keeps the version', async ({ page }) => {
  await signUp(page, newAccount())
  await page.goto('/flows/new')
  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.getByRole('textbox', { name: 'Flow name' }).fill('Keeper')
  await page.getByRole('textbox', { name: 'Flow name' }).blur()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  await page.locator('[data-node-type="util.delay"]').press('Enter')
  await expect(page.getByText('Unsaved changes')).toBeVisible()
  // Leaving for another section asks; staying keeps the edit.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await page.getByRole('link', { name: 'Tools', exact: true }).click()
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/)
  await expect(page.locator('.node-card')).toHaveCount(2)

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByText('Unsaved changes')).toHaveCount(0)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  // Nothing unsaved: leaving asks nothing.
  await page.getByRole('link', { name: 'Tools', exact: true }).click()
  await expect(page).toHaveURL(/\/tools$/)
})
