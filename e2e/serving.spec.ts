import { expect, test } from '@playwright/test'

test.describe('the core serves the built workspace', () => {
  test('pages get the shell, with the import map; JSON clients get the API index', async ({ request }) => {
    const page = await request.get('/flows/anything', { headers: { accept: 'text/html' } })
    expect(page.status()).toBe(200)
    expect(page.headers()['content-type']).toContain('text/html')
    expect(page.headers()['cache-control']).toBe('no-cache')
    const html = await page.text()
    const importMap = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]!) as { imports: Record<string, string> }
    for (const shared of ['vue', 'pinia', 'vue-router', 'single-spa', '@troupe/sdk', '@troupe/mfe-kit']) expect(importMap.imports[shared]).toMatch(/^\/assets\//)
    expect(importMap.imports['@troupe/mfe-flow-editor']).toBe('/mfe/flow-editor/main.js')

    const index = await request.get('/', { headers: { accept: 'application/json' } })
    expect(await index.json()).toMatchObject({ api: '/api/v1' })
  })

  test('hashed assets are immutable, entries revalidate, content types are right', async ({ request }) => {
    const html = await (await request.get('/')).text()
    const vue = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]!).imports.vue as string
    const asset = await request.get(vue)
    expect(asset.headers()['content-type']).toContain('text/javascript')
    expect(asset.headers()['cache-control']).toContain('immutable')
    const entry = await request.get('/mfe/executions/main.js')
    expect(entry.headers()['content-type']).toContain('text/javascript')
    expect(entry.headers()['cache-control']).toBe('no-cache')
    const again = await request.get('/mfe/executions/main.js', { headers: { 'if-none-match': entry.headers()['etag']! } })
    expect(again.status()).toBe(304)
  })

  test('no path leaves the build directories, and server paths are never the app', async ({ request }) => {
    for (const path of ['/mfe/auth/..%2f..%2fpackage.json', '/mfe/auth/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/mfe/kit/src/index.ts']) {
      const response = await request.get(path)
      expect([400, 404], path).toContain(response.status())
      expect(await response.text()).not.toContain('"workspaces"')
    }
    const api = await request.get('/api/v2/nothing', { headers: { accept: 'text/html' } })
    expect(api.status()).toBe(404)
    expect(api.headers()['content-type']).toContain('application/json')
  })
})
