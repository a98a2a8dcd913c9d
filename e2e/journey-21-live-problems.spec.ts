import { expect, test } from '@playwright/test'
import { connect, newAccount, node, selectNode, signUp } from './support/workspace.ts'

test('problems show on the canvas as the flow is drawn, naming nodes by their labels, and go once mended', async ({ page }) => {
  await signUp(page, newAccount('Liv'))
  await page.goto('/flows/new')
  await page.locator('[data-node-type="llm.prompt"]').press('Enter')
  await expect(page.getByTestId('flow-problems')).toContainText('The flow has no trigger')
  await expect(page.getByTestId('problems-prompt')).toContainText('Prompt is required')
  await expect(page.getByTestId('problems-prompt')).toContainText('Not connected')

  await page.locator('[data-node-type="trigger.manual"]').press('Enter')
  await page.locator('[data-node-type="llm.prompt"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await expect(page.getByTestId('flow-problems')).toHaveCount(0)

  await selectNode(page, 'prompt')
  await page.getByLabel('Label').fill('Draft')
  await page.getByLabel('Label').press('Tab')
  await page.locator('[data-field="prompt"] textarea').fill('Write about {{ input.topic }}')
  await page.locator('[data-field="prompt"] textarea').press('Tab')
  await selectNode(page, 'prompt_2')
  await page.getByLabel('Label').fill('Review')
  await page.getByLabel('Label').press('Tab')
  await page.locator('[data-field="prompt"] textarea').fill('Review it')
  await page.locator('[data-field="prompt"] textarea').press('Tab')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, 'manual', 'prompt')
  await connect(page, 'prompt', 'prompt_2')
  await connect(page, 'prompt_2', 'prompt')
  await expect(page.getByTestId('flow-problems')).toContainText('A loop: Draft → Review → Draft')
  await expect(page.getByTestId('problems-prompt')).toContainText('Part of a loop')

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('flow-problems')).toHaveCount(0)
  await expect(page.getByTestId('problems-prompt')).toHaveCount(0)
  await expect(page.getByTestId('problems-prompt_2')).toHaveCount(0)

  // The review reads the draft: offered to insert, as a template, since the draft runs before it.
  await node(page, 'prompt_2').click()
  await expect(page.getByRole('heading', { level: 2, name: 'Review', exact: true })).toBeVisible()
  const insert = page.locator('[data-field="prompt"]').getByLabel('Insert a value')
  await expect(insert.locator('option')).toHaveText(['Insert a value…', '{{ input }}', '{{ nodes.prompt.output }}', '{{ nodes.manual.output }}'])
  await insert.selectOption('nodes.prompt.output')
  await expect(page.locator('[data-field="prompt"] textarea')).toHaveValue('Review it{{ nodes.prompt.output }}')

  // Typing inside {{ offers the same values, completed from the keyboard.
  const prompt = page.locator('[data-field="prompt"] textarea')
  await prompt.fill('')
  await prompt.pressSequentially('Check {{ nod')
  await expect(page.locator('[data-field="prompt"] [role="option"]')).toHaveText(['nodes.prompt.output', 'nodes.manual.output'])
  await prompt.press('ArrowDown')
  await prompt.press('Enter')
  await expect(prompt).toHaveValue('Check {{ nodes.manual.output }}')
  await expect(page.locator('[data-field="prompt"] [role="listbox"]')).toHaveCount(0)
})
