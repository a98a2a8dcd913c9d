// Static checks of infra/docker/Dockerfile and .dockerignore (no Docker engine or registry needed):
//   - the Dockerfile language server's validator (dockerfile-utils): unknown instructions, bad
//     flags, durations, ports, JSON forms...;
//   - the image's contract: multi-stage, every stage from ${NODE_IMAGE} (node:20-bookworm-slim) or
//     an earlier stage, a non-root USER, a HEALTHCHECK and an ENTRYPOINT in the final stage, no
//     ADD of a URL, no secret-looking ENV or ARG with a value;
//   - the build context: every COPY source exists and survives .dockerignore (the same matcher as
//     Docker's), and the manifests stage copies the package.json of every workspace npm ci installs.
// Usage: node infra/validate/dockerfile.mjs [repo root] [Dockerfile, default infra/docker/Dockerfile]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import dockerignore from '@balena/dockerignore'
import { DockerfileParser } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import { createReport } from './report.mjs'

const root = path.resolve(process.argv[2] ?? '.')
const dockerfilePath = path.resolve(process.argv[3] ?? path.join(root, 'infra/docker/Dockerfile'))
const report = createReport('infra/docker/Dockerfile')
const baseImage = 'node:20-bookworm-slim'

const content = readFileSync(dockerfilePath, 'utf8')
for (const diagnostic of validate(content)) {
  report.problem(`line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`)
}

const dockerfile = DockerfileParser.parse(content)
const line = (instruction) => `line ${instruction.getRange().start.line + 1}`
const args = (instruction) => instruction.getArguments().map((arg) => arg.getValue())

const nodeImageArg = dockerfile.getInitialARGs().find((instruction) => args(instruction)[0]?.startsWith('NODE_IMAGE='))
if (!nodeImageArg || args(nodeImageArg)[0] !== `NODE_IMAGE=${baseImage}`) {
  report.problem(`ARG NODE_IMAGE=${baseImage} must come before the first FROM`)
}

const froms = dockerfile.getFROMs()
const stages = []
for (const from of froms) {
  const [image, as, name] = args(from)
  if (as?.toUpperCase() !== 'AS' || !name) report.problem(`${line(from)}: every stage is named (FROM ... AS <name>)`)
  if (image !== '${NODE_IMAGE}' && !stages.includes(image)) {
    report.problem(`${line(from)}: FROM ${image} is neither \${NODE_IMAGE} nor an earlier stage`)
  }
  if (name) stages.push(name)
}
if (froms.length < 2) report.problem('the build is multi-stage (at least two FROM)')

const instructions = dockerfile.getInstructions()
const finalStart = froms.at(-1)?.getRange().start.line ?? 0
const finalStage = instructions.filter((instruction) => instruction.getRange().start.line >= finalStart)
const inFinal = (keyword) => finalStage.filter((instruction) => instruction.getKeyword() === keyword)

const users = inFinal('USER')
const finalUser = users.length ? args(users.at(-1))[0] : undefined
if (!finalUser || /^(root|0)(:.*)?$/.test(finalUser)) report.problem('the final stage switches to a non-root USER')
const healthchecks = inFinal('HEALTHCHECK')
if (healthchecks.length !== 1 || args(healthchecks[0]).includes('NONE')) report.problem('the final stage has one HEALTHCHECK')
if (inFinal('ENTRYPOINT').length !== 1) report.problem('the final stage has one ENTRYPOINT')
const lastUserLine = users.length ? users.at(-1).getRange().start.line : Infinity
for (const run of inFinal('RUN')) {
  if (run.getRange().start.line > lastUserLine) report.problem(`${line(run)}: RUN after USER runs as the unprivileged user; keep setup before it`)
}

for (const instruction of instructions) {
  const keyword = instruction.getKeyword()
  if (keyword === 'ADD' && args(instruction).some((arg) => /^(https?|git):\/\//.test(arg))) {
    report.problem(`${line(instruction)}: ADD of a URL (fetch in a RUN step with a checksum instead)`)
  }
  if (keyword === 'ENV' || keyword === 'ARG') {
    for (const arg of args(instruction)) {
      const [name, value] = arg.split('=')
      if (/SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL|REDIS_URL/i.test(name) && value) {
        report.problem(`${line(instruction)}: ${name} has a value in the image; secrets come from the environment at run time`)
      }
    }
  }
}

// The build context as Docker sends it.
const ignoreFile = path.join(root, '.dockerignore')
if (!existsSync(ignoreFile)) report.problem('.dockerignore is missing')
const ignored = dockerignore({ ignorecase: false }).add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '')
const inContext = (file) => existsSync(path.join(root, file)) && !ignored.ignores(file)

for (const copy of instructions.filter((instruction) => instruction.getKeyword() === 'COPY')) {
  if (copy.getFlags().some((flag) => flag.getName() === 'from')) continue
  const sources = args(copy).slice(0, -1)
  for (const source of sources) {
    if (source !== '.' && !inContext(source)) report.problem(`${line(copy)}: COPY source ${source} is not in the build context`)
  }
}
const mustShip = ['package.json', 'package-lock.json', 'core/src/cli.ts', 'infra/docker/healthcheck.mjs', 'infra/docker/collect-manifests.mjs']
for (const file of mustShip) {
  if (!inContext(file)) report.problem(`${file} is missing from the build context (.dockerignore)`)
}
for (const file of ['node_modules/.package-lock.json', '.env', 'data/secret.key', '.git/HEAD']) {
  if (!ignored.ignores(file)) report.problem(`.dockerignore lets ${file.split('/')[0]} into the build context`)
}

// The manifests stage: every workspace of package-lock.json that this checkout has must get its
// package.json.
const out = mkdtempSync(path.join(os.tmpdir(), 'troupe-manifests-'))
try {
  execFileSync(process.execPath, [path.join(root, 'infra/docker/collect-manifests.mjs'), out], { cwd: root, stdio: 'inherit' })
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'))
  const workspaces = Object.keys(lock.packages).filter((key) => key !== '' && !key.includes('node_modules/') && existsSync(path.join(root, key, 'package.json')))
  for (const workspace of workspaces) {
    if (!existsSync(path.join(out, workspace, 'package.json'))) report.problem(`the manifests stage misses ${workspace}/package.json`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}

report.finish(`${froms.length} stages from ${baseImage}, non-root USER ${finalUser}, HEALTHCHECK, build context and manifests checked`)
