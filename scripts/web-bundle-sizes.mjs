#!/usr/bin/env node
// The web workspace's weight, from its builds (run after `npm run build`, or `npm start` once):
// per package (the shell and each micro-frontend) its JavaScript and CSS as built, gzip and brotli
// (as the server sends them: brotli quality 4), and per section what a first visit downloads:
// before the section's view (the shell's start, the navigation, the section's entry), and with
// every view of the section (an upper bound; views load when their route is opened).
// Each package's brotli total is held to its budget in scripts/web-budgets.json: over it, the
// script names the package and exits 1 (CI runs it; budgets are in bytes). `--json` prints the
// figures as JSON.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const at = (...parts) => path.join(root, ...parts)
const budgets = JSON.parse(readFileSync(at('scripts', 'web-budgets.json'), 'utf8'))

const sizes = new Map()
/** A built file's size as stored, gzipped and as brotli at the server's quality. */
function sizeOf(file) {
  if (!sizes.has(file)) {
    const bytes = readFileSync(file)
    sizes.set(file, {
      raw: bytes.length,
      gzip: gzipSync(bytes).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length
    })
  }
  return sizes.get(file)
}

function sum(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 }
  for (const file of files) for (const key of Object.keys(total)) total[key] += sizeOf(file)[key]
  return total
}

function filesUnder(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(js|css)$/.test(name) ? [full] : []
  })
}

const shellHtml = at('shell', 'dist', 'index.html')
if (!existsSync(shellHtml)) {
  console.error('No build of the web workspace: run `npm run build` (or `npm start` once) first.')
  process.exit(1)
}
const html = readFileSync(shellHtml, 'utf8')
const importMap = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)[1]).imports

/** The built file a URL of the workspace is served from. */
function fileOf(url) {
  const mfe = /^\/mfe\/([^/]+)\/(.+)$/.exec(url)
  return mfe ? at('mfe', mfe[1], 'dist', mfe[2]) : at('shell', 'dist', url.replace(/^\//, ''))
}

/** `file` and every module it imports statically (not `import()`), through the import map. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return seen
  seen.add(file)
  if (!file.endsWith('.js')) return seen
  const code = readFileSync(file, 'utf8')
  for (const [, specifier] of code.matchAll(/\b(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'`]([^"'`]+)["'`]/g)) {
    const url = importMap[specifier] ?? (specifier.startsWith('.') ? null : undefined)
    if (url === undefined) continue
    staticClosure(url ? fileOf(url) : path.resolve(path.dirname(file), specifier), seen)
  }
  return seen
}

const shellStart = new Set()
for (const [, url] of html.matchAll(/<(?:script type="module"[^>]*src|link rel="(?:modulepreload|stylesheet)"[^>]*href)="([^"]+)"/g)) staticClosure(fileOf(url), shellStart)
const navigation = staticClosure(at('shell', 'dist', 'assets', readdirSync(at('shell', 'dist', 'assets')).find((name) => name.startsWith('nav-app-'))))
for (const name of readdirSync(at('shell', 'dist', 'assets'))) if (name.startsWith('TopNav-')) navigation.add(at('shell', 'dist', 'assets', name))

const packages = [
  { name: 'shell', files: filesUnder(at('shell', 'dist')) },
  ...readdirSync(at('mfe'))
    .filter((dir) => existsSync(at('mfe', dir, 'dist', 'main.js')))
    .map((dir) => ({ name: `mfe/${dir}`, files: filesUnder(at('mfe', dir, 'dist')) }))
]

const layout = readFileSync(at('shell', 'src', 'microfrontend-layout.html'), 'utf8')
const sections = [...layout.matchAll(/<route (?:path="([^"]+)"[^>]*|default)><application name="@troupe\/mfe-([^"]+)">/g)].map(([, route, app]) => ({ route: route === '/' ? '/' : `/${route}`, app }))

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const report = { packages: [], sections: [], overBudget: [] }
for (const { name, files } of packages) {
  const total = sum(files)
  const budget = budgets[name]
  report.packages.push({ name, files: files.length, ...total, budget: budget ?? null })
  if (budget === undefined) report.overBudget.push(`${name} has no budget in scripts/web-budgets.json`)
  else if (total.brotli > budget) report.overBudget.push(`${name} is ${kb(total.brotli)} as brotli, over its budget of ${kb(budget)}`)
}
for (const { route, app } of sections) {
  const entry = staticClosure(at('mfe', app, 'dist', 'main.js'))
  const firstVisit = new Set([...shellStart, ...navigation, ...entry])
  const everyView = new Set([...firstVisit, ...filesUnder(at('mfe', app, 'dist'))])
  report.sections.push({ route, app: `mfe/${app}`, firstVisit: sum(firstVisit), everyView: sum(everyView) })
}

if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2))
else {
  console.log('Package            files      built       gzip     brotli     budget (brotli)')
  for (const p of report.packages) {
    console.log(`${p.name.padEnd(18)} ${String(p.files).padStart(5)} ${kb(p.raw).padStart(10)} ${kb(p.gzip).padStart(10)} ${kb(p.brotli).padStart(10)} ${p.budget ? kb(p.budget).padStart(12) : '           -'}`)
  }
  console.log('\nA first visit of each section, as brotli: before its view (the shell, the navigation, the section entry), and with every view of the section (an upper bound):')
  for (const s of report.sections) console.log(`${s.route.padEnd(12)} ${s.app.padEnd(18)} ${kb(s.firstVisit.brotli).padStart(10)} ${kb(s.everyView.brotli).padStart(10)}`)
}
if (report.overBudget.length) {
  for (const line of report.overBudget) console.error(`Over budget: ${line}`)
  process.exit(1)
}
