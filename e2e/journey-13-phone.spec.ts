import { expect, test, type Page } from '@playwright/test'
import { newAccount, signUp } from './support/workspace.ts'

test.use({ viewport: { width: 390, height: 844 } })

/** How far the page reaches past the viewport's right edge, in CSS pixels (0: no sideways scrolling). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

test('every section fits a phone: no sideways scrolling, the sections behind a Menu button, lists as cards', async ({ page }) => {
  await page.goto('/login')
  const card = await page.getByRole('heading', { name: 'Log in to Troupe' }).locator('xpath=ancestor::*[contains(@class, "card")][1]').boundingBox()
  expect(card && card.x >= 0 && card.x + card.width <= 390).toBe(true)
  expect(await sidewaysOverflow(page)).toBe(0)

  await signUp(page, newAccount())
  expect(await sidewaysOverflow(page)).toBe(0)
  const sections = page.getByRole('navigation', { name: 'Sections' })
  await expect(sections).toBeHidden()
  const menu = page.getByRole('button', { name: 'Menu' })
  await expect(menu).toHaveAttribute('aria-expanded', 'false')

  await menu.click()
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
  await sections.getByRole('link', { name: 'Executions' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Executions' })).toBeVisible()
  // Navigating folds the menu again.
  await expect(sections).toBeHidden()

  for (const path of ['/', '/flows', '/flows/templates', '/flows/new', '/executions', '/tools', '/tools/new', '/crews', '/crews/agents', '/crews/new', '/chat', '/chat/new', '/admin/llm-providers', '/admin/users', '/admin/api-keys', '/admin/usage', '/admin/audit-log', '/account']) {
    await page.goto(path)
    // Each section's title, or the flow editor's toolbar (the editor has no page title).
    await expect(page.locator('main h1, main [role="toolbar"]').first()).toBeVisible()
    expect({ path, overflow: await sidewaysOverflow(page) }).toEqual({ path, overflow: 0 })
  }

  // A list is a column of cards: each row as wide as the page, its cells one under another.
  await page.goto('/admin/users')
  const row = page.locator('tbody tr').first()
  const [rowBox, firstCell, secondCell] = await Promise.all([row.boundingBox(), row.locator('td').nth(0).boundingBox(), row.locator('td').nth(1).boundingBox()])
  expect(rowBox!.width).toBeLessThanOrEqual(390)
  expect(secondCell!.y).toBeGreaterThanOrEqual(firstCell!.y + firstCell!.height - 1)
})

test('a new API key can be copied with one click', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await signUp(page, newAccount('Kim'))
  await page.goto('/admin/api-keys')
  await page.getByLabel('Key name').fill('phone')
  await page.getByRole('button', { name: 'Create key' }).click()
  const key = (await page.getByTestId('new-api-key').textContent())!.trim()
  await page.getByRole('button', { name: 'Copy key' }).click()
  await expect(page.getByText('Copied', { exact: true })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
})

test('a wide screen shows the sections in the bar, with no Menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await signUp(page, newAccount('Wade'))
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
})
