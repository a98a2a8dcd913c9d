import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const exampleDir = 'docs/examples/plugin-ticker/src'

/** The code blocks of docs/plugins.md that name a file of the example plugin on their first line. */
function guideBlocks(): Map<string, string> {
  const guide = readFileSync(path.join(root, 'docs/plugins.md'), 'utf8')
  const blocks = new Map<string, string>()
  for (const [, file, code] of guide.matchAll(/```ts\n\/\/ (docs\/examples\/[^\n]+)\n([\s\S]*?)```/g)) blocks.set(file, code)
  return blocks
}

describe('the plugin guide', () => {
  it('shows every file of the example plugin word for word', () => {
    const blocks = guideBlocks()
    const files = readdirSync(path.join(root, exampleDir)).filter((name) => name.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      const file = `${exampleDir}/${name}`
      expect(blocks.get(file), `docs/plugins.md has no block for ${file}`).toBeDefined()
      expect(blocks.get(file)).toBe(readFileSync(path.join(root, file), 'utf8'))
    }
    expect([...blocks.keys()].sort()).toEqual(files.map((name) => `${exampleDir}/${name}`).sort())
  })
})
