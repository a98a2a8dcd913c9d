#!/usr/bin/env node
// Test coverage per workspace package (core, sdk, each plugin, the shell, each micro-frontend) and
// overall, from the report `npm run coverage` writes (coverage/coverage-summary.json): lines,
// statements, functions and branches, summed over the package's files as Vitest sums them.
// Each figure is held to its floor in scripts/coverage-thresholds.json (whole percents; a package's
// less two points of run-to-run noise): below one, or for a package with no floors, the script names
// it and exits 1 (CI runs it after the tests, on the embedded database).
// Floors only rise, as a ratchet: `--raise` sets each to the figure measured, rounded down, where
// that is higher, and records a new package's; it never lowers one. Lower one by hand, with a reason.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const summaryFile = path.join(root, 'coverage', 'coverage-summary.json')
const thresholdsFile = path.join(root, 'scripts', 'coverage-thresholds.json')
const metrics = ['lines', 'statements', 'functions', 'branches']
const OVERALL = 'overall'
// A package's figures wobble between runs by a point or two (paths reached only on a timing: a
// retry, a close that races a reply); a package fails only when a figure falls more than this many
// points under its floor. The overall figures, over some 13 000 lines, are held to their floors exactly.
const packageNoisePoints = 2

if (!existsSync(summaryFile)) {
  console.error('No coverage report: run `npm run coverage` first.')
  process.exit(1)
}
const summary = JSON.parse(readFileSync(summaryFile, 'utf8'))
const floors = JSON.parse(readFileSync(thresholdsFile, 'utf8'))

// The workspaces of package.json ("core", "plugins/*", ...) name the packages, so a new plugin or
// micro-frontend is counted without a list to keep here.
const workspaces = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces
function packageOf(file) {
  const parts = path.relative(root, file).split(path.sep)
  for (const pattern of workspaces) {
    const [dir, glob] = pattern.split('/')
    if (parts[0] === dir) return glob === '*' ? `${dir}/${parts[1]}` : dir
  }
  return null
}

const zero = () => Object.fromEntries(metrics.map((metric) => [metric, { total: 0, covered: 0 }]))
const counts = new Map()
for (const [file, figures] of Object.entries(summary)) {
  if (file === 'total') continue
  const name = packageOf(file)
  if (!name) throw new Error(`${file} is in the coverage report but in no workspace package`)
  if (!counts.has(name)) counts.set(name, zero())
  for (const metric of metrics) {
    counts.get(name)[metric].total += figures[metric].total
    counts.get(name)[metric].covered += figures[metric].covered
  }
}

// As Istanbul reports it: nothing to cover is fully covered.
const percent = ({ total, covered }) => (total === 0 ? 100 : (covered / total) * 100)
const named = [...[...counts].sort(([a], [b]) => a.localeCompare(b)), [OVERALL, summary.total]]
const rows = named.map(([name, figures]) => ({ name, percents: Object.fromEntries(metrics.map((metric) => [metric, percent(figures[metric])])) }))

const width = Math.max(...rows.map((row) => row.name.length)) + 2
console.log(`\nCoverage by package, % (floors in scripts/coverage-thresholds.json)`)
console.log(`${'package'.padEnd(width)}${metrics.map((metric) => metric.padStart(12)).join('')}`)
const below = []
for (const { name, percents } of rows) {
  const floor = floors[name]
  const cells = metrics.map((metric) => {
    const allowed = floor ? floor[metric] - (name === OVERALL ? 0 : packageNoisePoints) : 0
    if (floor && percents[metric] < allowed) below.push(`${name} ${metric} ${percents[metric].toFixed(2)} % is below its floor of ${floor[metric]} % (less ${name === OVERALL ? 0 : packageNoisePoints} points of noise)`)
    return percents[metric].toFixed(2).padStart(12)
  })
  if (name === OVERALL) console.log('-'.repeat(width + 12 * metrics.length))
  console.log(`${name.padEnd(width)}${cells.join('')}`)
}
const unfloored = rows.filter((row) => !floors[row.name]).map((row) => `${row.name} has no floors yet: \`node scripts/coverage-by-package.mjs --raise\` records them`)
const orphaned = Object.keys(floors)
  .filter((name) => !rows.some((row) => row.name === name))
  .map((name) => `${name} has floors but no files in the report (if it was removed, remove its floors)`)

const raised = {}
for (const { name, percents } of rows) {
  const before = floors[name] ?? {}
  const after = Object.fromEntries(metrics.map((metric) => [metric, Math.max(before[metric] ?? 0, Math.floor(percents[metric]))]))
  if (metrics.some((metric) => after[metric] !== before[metric])) raised[name] = after
}

const raising = process.argv.includes('--raise')
if (raising && Object.keys(raised).length) {
  const { [OVERALL]: overallFloors, ...packageFloors } = { ...floors, ...raised }
  const ordered = { [OVERALL]: overallFloors, ...Object.fromEntries(Object.entries(packageFloors).sort(([a], [b]) => a.localeCompare(b))) }
  writeFileSync(thresholdsFile, `${JSON.stringify(ordered, null, 2)}\n`)
  console.log(`\nRaised the floors of ${Object.keys(raised).join(', ')} in scripts/coverage-thresholds.json.`)
} else {
  const rose = Object.keys(raised).filter((name) => floors[name])
  if (rose.length) console.log(`\nCoverage rose past the floors of ${rose.join(', ')}: \`node scripts/coverage-by-package.mjs --raise\` records it.`)
}

const failures = [...below, ...orphaned, ...(raising ? [] : unfloored)]
if (failures.length) {
  for (const line of failures) console.error(`Coverage: ${line}`)
  process.exit(1)
}
