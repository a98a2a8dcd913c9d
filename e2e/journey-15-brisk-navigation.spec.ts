import { expect, test } from '@playwright/test'
import { newAccount, signUp } from './support/workspace.ts'

const sections = ['Flows', 'Crews', 'Chat', 'Executions', 'Tools', 'Admin', 'Dashboard']

test('a minute of brisk navigation, a page every 1.2 s, stays within the default request limit: no call refused', async ({ page }) => {
  test.setTimeout(180_000)
  // Service calls go over Socket.IO (`42<ack>[...]` frames out, a refusal comes back with code 429); REST is counted too.
  let calls = 0
  const refused: string[] = []
  page.on('response', (response) => {
    if (response.status() === 429) refused.push(`${response.request().method()} ${response.url()}`)
  })
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && /^42\d+\[/.test(payload)) calls += 1
    })
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"code":429')) refused.push(payload.slice(0, 160))
    })
  })
  await signUp(page, newAccount('Bri'))
  const nav = page.getByRole('navigation', { name: 'Sections' })
  const started = Date.now()
  calls = 0
  let visits = 0
  while (Date.now() - started < 60_000) {
    const name = sections[visits % sections.length]
    await nav.getByRole('link', { name, exact: true }).click()
    await expect(page.locator('main h1').first()).toBeVisible()
    visits += 1
    await page.waitForTimeout(1200)
  }
  test.info().annotations.push({ type: 'measured', description: `${visits} pages in 60 s, ${calls} service calls` })
  console.log(`brisk navigation: ${visits} pages in 60 s, ${calls} service calls`)
  expect(refused).toEqual([])
  await expect(page.getByText(/too many requests/i)).toHaveCount(0)
})
