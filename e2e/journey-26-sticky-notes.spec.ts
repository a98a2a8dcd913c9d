import { AxeBuilder } from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { createTriggerToOutputFlow, logIn, newAccount, signUp } from './support/workspace.ts'

/** The critical and serious axe violations of the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  type Violation = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }
  return (results.violations as Violation[])
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${violation.help}`))
}

const save = async (page: Page) => {
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
}

test('sticky notes are written, coloured, moved and deleted on the canvas, saved with the flow but not as a new version', async ({ page }) => {
  await signUp(page, newAccount('Stella'))
  await createTriggerToOutputFlow(page)
  const notes = page.locator('.sticky-note')
  const manual = page.locator('.node-card[data-node-id="manual"]')
  /** Where the note is from the trigger node, in the node's widths: the same at any zoom (the view is fitted anew on load). */
  const offset = async () => {
    const [from, to] = [(await manual.boundingBox())!, (await notes.first().boundingBox())!]
    return { x: (to.x - from.x) / from.width, y: (to.y - from.y) / from.width }
  }

  // A new note opens ready to write, clear of the nodes.
  await page.getByRole('button', { name: 'Add note' }).click()
  await expect(page.getByLabel('Note text')).toBeFocused()
  await page.keyboard.type('Ask Dana before changing the output')
  const note = notes.first()
  await note.getByRole('button', { name: 'Blue' }).click()
  await expect(note).toHaveAttribute('data-color', 'blue')
  await expect(note.getByRole('button', { name: 'Blue' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByText('Unsaved changes')).toBeVisible()

  // Moved by its bar.
  const start = await offset()
  const before = (await note.boundingBox())!
  await page.mouse.move(before.x + before.width / 2, before.y + 6)
  await page.mouse.down()
  await page.mouse.move(before.x + before.width / 2 + 80, before.y - 24, { steps: 8 })
  await page.mouse.up()
  const moved = await offset()
  expect(moved.x - start.x).toBeGreaterThan(0.2)

  // Resized from its corner.
  const corner = (await note.locator('.sticky-note__corner').boundingBox())!
  await page.mouse.move(corner.x + 7, corner.y + 7)
  await page.mouse.down()
  await page.mouse.move(corner.x + 107, corner.y + 57, { steps: 8 })
  await page.mouse.up()
  const size = await note.evaluate((element) => element.style.cssText)
  expect(await note.evaluate((element: HTMLElement) => element.offsetWidth)).toBeGreaterThan(300)
  expect(await offset()).toEqual(moved)

  expect(await seriousViolations(page)).toEqual([])
  await save(page)

  await page.reload()
  await expect(notes).toHaveCount(1)
  await expect(page.getByLabel('Note text')).toHaveValue('Ask Dana before changing the output')
  await expect(note).toHaveAttribute('data-color', 'blue')
  expect(await note.evaluate((element) => element.style.cssText)).toBe(size)
  const reloaded = await offset()
  expect(Math.abs(reloaded.x - moved.x) + Math.abs(reloaded.y - moved.y)).toBeLessThan(0.02)
  // The note did not make a new version of the flow.
  await expect(page.getByText('Saved · version 1')).toBeVisible()

  // A second note, chosen with a click on its bar, goes with the Delete key; the first with its button.
  await page.getByRole('button', { name: 'Add note' }).click()
  await expect(notes).toHaveCount(2)
  await expect(page.getByLabel('Note text').last()).toBeFocused()
  const second = notes.last()
  const bar = (await second.boundingBox())!
  await page.mouse.click(bar.x + bar.width / 2, bar.y + 6)
  await page.keyboard.press('Delete')
  await expect(notes).toHaveCount(1)
  await expect(page.locator('.node-card')).toHaveCount(2)
  await note.getByRole('button', { name: 'Delete note' }).click()
  await expect(notes).toHaveCount(0)
  await save(page)

  await page.reload()
  await expect(page.locator('.node-card')).toHaveCount(2)
  await expect(notes).toHaveCount(0)
  await expect(page.getByText('Saved · version 1')).toBeVisible()
})

test('a viewer reads the notes of a flow but cannot change, move or delete them', async ({ page, browser }) => {
  const viewer = newAccount('Nell')
  await signUp(page, newAccount('Noah'))
  await createTriggerToOutputFlow(page)
  await page.getByRole('button', { name: 'Add note' }).click()
  // Typed once the new note has the focus (keys sent before it would land elsewhere).
  await expect(page.getByLabel('Note text')).toBeFocused()
  await page.keyboard.type('Runs every Monday')
  await save(page)
  const flowUrl = page.url()

  await page.goto('/admin/users')
  const invite = page.getByRole('form', { name: 'Invite a user' })
  await invite.getByLabel('Name').fill(viewer.name)
  await invite.getByLabel('Email').fill(viewer.email)
  await invite.getByLabel('Initial password').fill(viewer.password)
  await invite.getByLabel('Role').selectOption('viewer')
  await invite.getByRole('button', { name: 'Invite' }).click()
  await expect(page.locator(`tr[data-user-email="${viewer.email}"]`)).toContainText('viewer')

  const other = await browser.newPage()
  await logIn(other, viewer)
  await other.goto(flowUrl)
  await expect(other.getByText('Read only')).toBeVisible()
  const text = other.getByLabel('Note text')
  await expect(text).toHaveValue('Runs every Monday')
  await expect(text).not.toBeEditable()
  await expect(other.getByRole('button', { name: 'Add note' })).toHaveCount(0)
  await expect(other.getByRole('button', { name: 'Delete note' })).toHaveCount(0)
  await expect(other.getByRole('group', { name: 'Note colour' })).toHaveCount(0)
  await other.locator('.sticky-note').click({ position: { x: 4, y: 4 } })
  await other.keyboard.press('Delete')
  await expect(other.locator('.sticky-note')).toHaveCount(1)
  await other.close()
})
