import { expect, test, type Page } from '@playwright/test'
import { newAccount, screenshot, signUp, type Account } from './support/workspace.ts'

/** Slows the tenant's offline (scripted) provider down so that streamed tokens can be watched. */
async function setTokenDelay(page: Page, account: Account, tokenDelayMs: number) {
  const login = await page.request.post('/api/v1/authentication', { data: { strategy: 'local', email: account.email, password: account.password } })
  expect(login.ok()).toBe(true)
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` }
  const providers = await (await page.request.get('/api/v1/llm-providers', { headers })).json()
  const scripted = providers.data.find((provider: { kind: string }) => provider.kind === 'scripted')
  const patched = await page.request.patch(`/api/v1/llm-providers/${scripted.id}`, { headers, data: { options: { tokenDelayMs } } })
  expect(patched.ok(), await patched.text()).toBe(true)
}

async function createAgent(page: Page, name: string, role: string, goal: string) {
  await page.getByRole('link', { name: /^(New agent|Create an agent)$/ }).first().click()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name)
  await page.getByRole('textbox', { name: 'Role', exact: true }).fill(role)
  await page.getByRole('textbox', { name: 'Goal', exact: true }).fill(goal)
  await page.getByRole('button', { name: 'Save agent' }).click()
  await expect(page).toHaveURL(/\/crews\/agents\/[0-9a-f-]{36}$/)
  await page.getByRole('link', { name: '← All agents' }).click()
  await expect(page.locator(`tr[data-agent-name="${name}"]`)).toBeVisible()
}

test('create agents, put them in a crew, run it, then chat with an agent and watch the answer stream in', async ({ page }, testInfo) => {
  const account = newAccount()
  await signUp(page, account)

  await page.getByRole('link', { name: 'Crews', exact: true }).click()
  await expect(page.getByText('No crews yet')).toBeVisible()
  await page.getByRole('link', { name: 'Agents', exact: true }).click()
  await expect(page.getByText('No agents yet')).toBeVisible()

  // A refused save shows the server's verdict on the offending field.
  await page.getByRole('link', { name: 'Create an agent' }).click()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Researcher')
  await page.getByRole('textbox', { name: 'Role', exact: true }).fill('Senior researcher')
  await page.getByRole('button', { name: 'Save agent' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible()
  const goal = page.getByRole('textbox', { name: 'Goal', exact: true })
  await expect(goal).toHaveAttribute('aria-invalid', 'true')
  await goal.fill('Find the facts about {topic}')
  await page.getByRole('button', { name: 'Save agent' }).click()
  await expect(page).toHaveURL(/\/crews\/agents\/[0-9a-f-]{36}$/)
  await page.getByRole('link', { name: '← All agents' }).click()
  await createAgent(page, 'Writer', 'Technical writer', 'Write clear articles')

  await page.getByRole('link', { name: 'Crews', exact: true }).first().click()
  await page.getByRole('link', { name: 'Create a crew' }).click()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Newsroom')
  const agents = page.getByRole('group', { name: 'Agents' })
  await agents.getByLabel('Researcher').check()
  await agents.getByLabel('Writer').check()
  await page.getByRole('textbox', { name: 'Description of task 1' }).fill('Research {topic}')
  await page.getByRole('textbox', { name: 'Expected output of task 1' }).fill('Notes')
  await page.getByRole('combobox', { name: 'Agent of task 1' }).selectOption({ label: 'Researcher' })
  await page.getByRole('button', { name: 'Add task' }).click()
  await expect(page.getByRole('textbox', { name: 'Description of task 2' })).toBeFocused()
  await page.getByRole('textbox', { name: 'Description of task 2' }).fill('Write an article about {topic}')
  await page.getByRole('textbox', { name: 'Expected output of task 2' }).fill('An article')
  await page.getByRole('combobox', { name: 'Agent of task 2' }).selectOption({ label: 'Writer' })
  await page.getByRole('group', { name: 'Context of task 2' }).getByLabel('task_1').check()
  await page.getByRole('button', { name: 'Save crew' }).click()
  await expect(page).toHaveURL(/\/crews\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: 'Newsroom', level: 1 })).toBeVisible()

  // Run it: the form asks for the tasks' {placeholders}.
  await page.getByRole('link', { name: 'Run crew' }).click()
  await page.getByRole('textbox', { name: 'topic' }).fill('robots')
  await page.getByRole('button', { name: 'Run crew' }).click()
  await expect(page).toHaveURL(/\/crews\/[0-9a-f-]{36}\/runs\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('crew-run-status')).toHaveText('succeeded')
  const taskRuns = page.locator('li.task-run')
  await expect(taskRuns).toHaveCount(2)
  for (const [index, agent] of ['Researcher', 'Writer'].entries()) {
    await expect(taskRuns.nth(index)).toHaveAttribute('data-status', 'succeeded')
    await expect(taskRuns.nth(index)).toContainText(`by ${agent}`)
  }
  await expect(taskRuns.nth(0).getByTestId('task-output')).toContainText('Research robots')
  await expect(page.getByTestId('crew-final-output')).toContainText('Write an article about robots')
  await screenshot(page, testInfo, 'journey-2-crew-run')
  await page.getByRole('link', { name: 'Execution details' }).click()
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded')

  // Chat with an agent, its answer streamed word by word.
  await setTokenDelay(page, account, 60)
  await page.getByRole('link', { name: 'Chat', exact: true }).click()
  await expect(page.getByText('No conversations yet')).toBeVisible()
  await page.getByRole('link', { name: 'New chat' }).first().click()
  await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Researcher' })
  await page.getByRole('textbox', { name: 'Title' }).fill('Robot questions')
  await page.getByRole('button', { name: 'Start chat' }).click()
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('chat-target')).toContainText('Talking to agent Researcher')

  const question = 'Which robots can walk up stairs, carry heavy boxes, open doors and still find their way back to the charging dock at night?'
  const box = page.getByRole('textbox', { name: 'Message' })
  await expect(box).toBeFocused()
  await box.fill(question)
  await box.press('Enter')
  const answer = page.locator('article[data-role="assistant"]').last()
  await expect(answer).toHaveAttribute('data-status', 'streaming')
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible()
  // The assistant's text grows while it streams, before the answer completes.
  const lengths = new Set<number>()
  await expect
    .poll(
      async () => {
        const [text, status] = await Promise.all([answer.getByTestId('message-text').textContent(), answer.getAttribute('data-status')])
        if (status === 'streaming' && text) lengths.add(text.length)
        return lengths.size
      },
      { intervals: [40], timeout: 15_000 }
    )
    .toBeGreaterThanOrEqual(3)
  await screenshot(page, testInfo, 'journey-2-chat-streaming')
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  // The scripted provider echoes the agent's task prompt, which holds the question.
  await expect(answer.getByTestId('message-text')).toHaveText(/^echo: /)
  await expect(answer.getByTestId('message-text')).toContainText(question)
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible()
  await expect(page.locator('nav[aria-label="Conversations"]')).toContainText('Robot questions')
  await screenshot(page, testInfo, 'journey-2-chat-answered')

  // The chat's run is named as one in the executions list and on its page.
  await page.goto('/executions')
  const chatRun = page.locator('tbody tr').filter({ hasText: 'Chat answer' }).first()
  await expect(chatRun).toBeVisible()
  await expect(page.locator('tbody')).not.toContainText('deleted flow')
  await chatRun.locator('a').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chat answer')
  await expect(page.locator('.page-header__subtitle')).toContainText('the answer to a chat message')
})
