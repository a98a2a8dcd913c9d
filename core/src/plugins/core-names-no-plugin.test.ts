import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { toolKindFields } from '@troupe/sdk'
import { describe, expect, it } from 'vitest'
import { builtinPlugins, coreDependsOn, loadPlugins } from './load-plugins.js'

const coreSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Where the core may still name a plugin, with the reason. `load-plugins.ts` is the composition
 * root: the list of built-in packages a Troupe install loads.
 */
const allowed: Record<string, string> = {
  'plugins/load-plugins.ts': 'the list of built-in plugin packages'
}

/**
 * The API's own tool kinds (`http`, `mcp`, contributed by tool-http and tool-mcp) are also words of
 * the protocol (`httpOnly`, `http:`) and of the contract (`exposeViaMcp`): for them the core is
 * checked for the kind's name as a whole string (a comparison like `kind === 'http'`), not for
 * the word inside others. These whole strings are the protocol's, not the kind's.
 */
const protocolStrings: Record<string, string> = {
  'http/listen.ts:http': 'the metric label of refused HTTP connections',
  'openapi/build-openapi-document.ts:http': "OpenAPI's security scheme type for bearer tokens"
}

/** Every source file of the core, tests and test kits left out (they may start a plugin's stand-in). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return name === 'testing' ? [] : sourceFiles(file)
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : []
  })
}

/** The words of an identifier (`crewId` → crew, id; `MONGODB_URL` → mongodb, url). */
const words = (identifier: string) =>
  identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())

/** Identifiers and string literals (template parts included) of a file: comments are not read. */
function tokens(file: string, text: string): Array<{ kind: 'identifier' | 'string'; text: string; line: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: Array<{ kind: 'identifier' | 'string'; text: string; line: number }> = []
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) found.push({ kind: 'identifier', text: node.text, line: line(node) })
    else if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // A module specifier names a file of the core, or a package (checked apart: core imports no plugin).
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) found.push({ kind: 'string', text: node.text, line: line(node) })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('the core', () => {
  it("names no plugin's provider kinds, stores, runtimes, tool kinds, node types or packages (only its own nodes-core)", async () => {
    const registry = await loadPlugins([], process.cwd(), builtinPlugins)
    const others = registry.plugins.filter((plugin) => !coreDependsOn.includes(plugin.id))
    const names = new Set<string>()
    for (const plugin of others) {
      names.add(plugin.id)
      const { llmProviders = [], logStores = [], toolRuntimes = [], toolKinds = [], nodeTypes = [], triggerTypes = [] } = plugin.contributes ?? {}
      for (const kind of llmProviders) names.add(kind.kind)
      for (const store of logStores) names.add(store.id)
      for (const runtime of toolRuntimes) names.add(runtime.id)
      for (const kind of toolKinds) names.add(kind.kind)
      for (const nodeType of [...nodeTypes, ...triggerTypes]) names.add('type' in nodeType ? nodeType.type : '')
    }
    names.delete('')
    expect([...names]).toEqual(expect.arrayContaining(['openai', 'scripted', 'mongodb', 'crew', 'http', 'mcp', 'tool-http', 'tool-mcp']))

    const hits: string[] = []
    for (const file of sourceFiles(coreSrc)) {
      const relative = path.relative(coreSrc, file).split(path.sep).join('/')
      if (allowed[relative]) continue
      for (const token of tokens(file, readFileSync(file, 'utf8'))) {
        const lower = token.text.toLowerCase()
        const named = [...names].find((name) => {
          if ((toolKindFields as readonly string[]).includes(name)) return token.kind === 'string' && lower === name && !protocolStrings[`${relative}:${name}`]
          return token.kind === 'identifier' ? words(token.text).includes(name) || lower === name.replace(/[.-]/g, '') : new RegExp(`(^|[^a-z0-9])${name.replace(/[.]/g, '\\.')}($|[^a-z0-9])`, 'i').test(lower)
        })
        if (named) hits.push(`${relative}:${token.line} ${token.kind} ${JSON.stringify(token.text.slice(0, 60))} names "${named}"`)
      }
    }
    expect(hits).toEqual([])
  }, 60_000)
})
