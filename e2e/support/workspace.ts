import { expect, type Page, type TestInfo } from '@playwright/test'

export interface Account {
  name: string
  email: string
  password: string
}

let counter = 0

/** A fresh account on this run's server (each journey its own tenant). */
export function newAccount(name = 'Ann'): Account {
  counter += 1
  return { name, email: `${name.toLowerCase()}-${Date.now()}-${counter}@e2e.test`, password: 'a long password' }
}

/** Signs up through the page, creating a tenant with `account` as its admin; ends on the dashboard. */
export async function signUp(page: Page, account: Account, workspace = 'Acme'): Promise<void> {
  await page.goto('/signup')
  await page.getByLabel('Workspace name').fill(workspace)
  await page.getByLabel('Your name').fill(account.name)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
}

export async function logIn(page: Page, account: Account): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByTestId('current-user')).toHaveText(account.name)
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page.getByRole('heading', { name: 'Log in to Troupe' })).toBeVisible()
}

/** Drags a node type from the palette onto the canvas at (x, y) of the canvas. */
export async function dropNode(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.locator(`[data-node-type="${type}"]`).dragTo(page.getByTestId('flow-canvas'), { targetPosition: { x, y } })
}

/** Draws an edge from a node's output handle to another node's input handle with the mouse. */
export async function connect(page: Page, from: string, to: string, fromPort = 'main', toPort = 'main'): Promise<void> {
  const source = await page.getByTestId(`handle-out-${from}-${fromPort}`).boundingBox()
  const target = await page.getByTestId(`handle-in-${to}-${toPort}`).boundingBox()
  if (!source || !target) throw new Error(`handles of ${from} → ${to} are not on screen`)
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2)
  await page.mouse.down()
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 })
  await page.mouse.up()
}

export function node(page: Page, id: string) {
  return page.locator(`.node-card[data-node-id="${id}"]`)
}

/**
 * Builds and saves a new flow of a trigger (`trigger.manual` unless named) connected to an output,
 * through the palette and the canvas as a user would; ends in the editor of the saved version 1.
 */
export async function createTriggerToOutputFlow(page: Page, trigger = 'trigger.manual'): Promise<void> {
  await page.goto('/flows/new')
  await page.locator(`[data-node-type="${trigger}"]`).press('Enter')
  await page.locator('[data-node-type="flow.output"]').press('Enter')
  await page.getByRole('button', { name: 'Fit view' }).click()
  await connect(page, trigger.split('.').pop()!, 'output')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('Saved · version 1')).toBeVisible()
}

/** Selects a node on the canvas so the property panel shows its settings. */
export async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id).click()
  await expect(page.getByRole('heading', { level: 2, name: id, exact: true })).toBeVisible()
}

/** The journey's screenshot, kept with the test's output. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true })
}
