// Validates rendered Kubernetes manifests (the output of `kubectl kustomize <overlay>`):
//   1. every object against its Kubernetes JSON schema (the kubernetes-models validators: types,
//      required fields, formats, enums);
//   2. no unknown fields anywhere (the validators allow them, the API server drops or refuses
//      them): each object is type-checked by TypeScript against the kubernetes-models interfaces;
//   3. references resolve: Service and PDB selectors match pods, HPA targets and Ingress backends
//      exist, ConfigMaps and Secrets the pods use are rendered (or named with --external);
//   4. every Troupe pod runs as non-root without privilege escalation, with resources, except the
//      sandbox engine, which must be the only privileged pod;
//   5. the NetworkPolicies do what network-policies.yaml says: PostgreSQL is reached only by the
//      API, the workers and the migrations Job, Redis only by the API and the workers, the
//      sandbox engine only by the workers; the API is reached by the ingress controller and the
//      workers' metrics port by Prometheus.
// Usage: node infra/validate/kubernetes.mjs <name> <rendered.yaml> [--external=Secret/a,Secret/b]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { createReport } from './report.mjs'

const [name, file, ...options] = process.argv.slice(2)
if (!name || !file) throw new Error('usage: kubernetes.mjs <name> <rendered.yaml> [--external=Kind/name,...]')
const external = new Set(options.find((option) => option.startsWith('--external='))?.slice('--external='.length).split(',') ?? [])
const report = createReport(`infra/k8s ${name}`)
const require = createRequire(import.meta.url)

const documents = parseAllDocuments(readFileSync(file, 'utf8'))
const objects = []
for (const document of documents) {
  for (const error of document.errors) report.problem(`YAML: ${error.message}`)
  const object = document.toJS()
  if (object) objects.push(object)
}
const label = (object) => `${object.kind}/${object.metadata?.name}`

// 1. Schemas. kubernetes-models has one module per API group and version.
const modelModule = (apiVersion) => `kubernetes-models/${apiVersion}`
const models = []
for (const object of objects) {
  const { apiVersion, kind } = object
  let Model
  try {
    Model = (await import(modelModule(apiVersion)))[kind]
  } catch {
    Model = undefined
  }
  if (!Model) {
    report.problem(`${label(object)}: no schema for ${apiVersion} ${kind}`)
    continue
  }
  models.push({ object, apiVersion, kind })
  // kustomize folds long base64 values over lines; the API server's decoder skips line breaks.
  const data = object.kind === 'Secret' && object.data
    ? Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/\s/g, '')]))
    : object.data
  try {
    new Model({ ...object, ...(data && { data }) }).validate()
  } catch (error) {
    report.problem(`${label(object)}: ${error.message}`)
  }
}

// 2. Unknown fields, through TypeScript's excess property checks on object literals.
const typeCheckDir = mkdtempSync(path.join(os.tmpdir(), 'troupe-k8s-types-'))
try {
  const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'))
  symlinkSync(path.dirname(modelsDir), path.join(typeCheckDir, 'node_modules'), 'dir')
  const owners = []
  const lines = []
  models.forEach(({ apiVersion, kind }, index) => {
    lines.push(`import type { I${kind} as T${index} } from '${modelModule(apiVersion)}/${kind}'`)
  })
  models.forEach(({ object }, index) => {
    const literal = JSON.stringify(object, null, 2).split('\n')
    owners.push({ from: lines.length + 1, to: lines.length + literal.length, label: label(object) })
    lines.push(`export const o${index}: T${index} = ${literal[0]}`, ...literal.slice(1))
  })
  writeFileSync(path.join(typeCheckDir, 'objects.ts'), lines.join('\n') + '\n')
  writeFileSync(path.join(typeCheckDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: true, types: [] },
    files: ['objects.ts']
  }))
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', typeCheckDir, '--pretty', 'false'], { encoding: 'utf8' })
  } catch (error) {
    for (const message of (error.stdout || error.message).split('\n').filter(Boolean)) {
      const at = /objects\.ts\((\d+),\d+\): error TS\d+: (.*)/.exec(message)
      const owner = at && owners.find(({ from, to }) => Number(at[1]) >= from && Number(at[1]) <= to)
      report.problem(owner ? `${owner.label}: ${at[2]}` : `type check: ${message}`)
    }
  }
} finally {
  rmSync(typeCheckDir, { recursive: true, force: true })
}

// Label selectors, as the API server reads them.
function matches(selector, labels = {}) {
  if (!selector) return false
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value)
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key])
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key])
    if (operator === 'Exists') return key in labels
    if (operator === 'DoesNotExist') return !(key in labels)
    return false
  })
  return byLabels && byExpressions
}

// 3. References.
const byKind = (kind) => objects.filter((object) => object.kind === kind)
const has = (kind, objectName) => objects.some((object) => object.kind === kind && object.metadata?.name === objectName) || external.has(`${kind}/${objectName}`)
const workloads = objects.filter((object) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind))
const pods = workloads.map((workload) => ({ workload, labels: workload.spec.template.metadata?.labels ?? {}, spec: workload.spec.template.spec }))

for (const workload of workloads) {
  if (workload.spec.selector && !matches(workload.spec.selector, workload.spec.template.metadata?.labels)) {
    report.problem(`${label(workload)}: its selector does not match its own pod template`)
  }
}
for (const service of byKind('Service')) {
  const selected = pods.filter((pod) => matches({ matchLabels: service.spec.selector }, pod.labels))
  if (selected.length === 0) report.problem(`${label(service)}: its selector matches no pod`)
  for (const port of service.spec.ports ?? []) {
    if (typeof port.targetPort !== 'string') continue
    const named = selected.some((pod) => pod.spec.containers.some((container) => (container.ports ?? []).some((p) => p.name === port.targetPort)))
    if (!named) report.problem(`${label(service)}: targetPort ${port.targetPort} is no container port of its pods`)
  }
}
for (const hpa of byKind('HorizontalPodAutoscaler')) {
  const { kind, name: target } = hpa.spec.scaleTargetRef
  if (!has(kind, target)) report.problem(`${label(hpa)}: scales ${kind}/${target}, which is not rendered`)
  if (hpa.spec.minReplicas > hpa.spec.maxReplicas) report.problem(`${label(hpa)}: minReplicas > maxReplicas`)
}
for (const pdb of byKind('PodDisruptionBudget')) {
  if (!pods.some((pod) => matches(pdb.spec.selector, pod.labels))) report.problem(`${label(pdb)}: its selector matches no pod`)
}
for (const ingress of byKind('Ingress')) {
  for (const rule of ingress.spec.rules ?? []) {
    for (const { backend } of rule.http?.paths ?? []) {
      const service = byKind('Service').find((candidate) => candidate.metadata.name === backend.service?.name)
      if (!service) report.problem(`${label(ingress)}: backend Service ${backend.service?.name} is not rendered`)
      else if (backend.service.port?.name && !service.spec.ports.some((port) => port.name === backend.service.port.name)) {
        report.problem(`${label(ingress)}: Service ${service.metadata.name} has no port named ${backend.service.port.name}`)
      }
    }
  }
  for (const tls of ingress.spec.tls ?? []) {
    if (!has('Secret', tls.secretName)) report.problem(`${label(ingress)}: TLS Secret ${tls.secretName} is neither rendered nor --external`)
  }
}
for (const { workload, spec } of pods) {
  const containers = [...(spec.initContainers ?? []), ...spec.containers]
  for (const container of containers) {
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !has('ConfigMap', source.configMapRef.name)) report.problem(`${label(workload)}: ConfigMap ${source.configMapRef.name} is not rendered`)
      if (source.secretRef && !has('Secret', source.secretRef.name)) report.problem(`${label(workload)}: Secret ${source.secretRef.name} is neither rendered nor --external`)
    }
    for (const variable of container.env ?? []) {
      const configMap = variable.valueFrom?.configMapKeyRef
      const rendered = configMap && byKind('ConfigMap').find((candidate) => candidate.metadata.name === configMap.name)
      if (configMap && !rendered) report.problem(`${label(workload)}: ConfigMap ${configMap.name} is not rendered`)
      else if (rendered && !(configMap.key in (rendered.data ?? {}))) report.problem(`${label(workload)}: ConfigMap ${configMap.name} has no key ${configMap.key}`)
    }
  }
}

// 4. Pod security.
const component = (labels) => labels['app.kubernetes.io/component']
for (const { workload, labels, spec } of pods) {
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    const where = `${label(workload)} container ${container.name}`
    if (!container.resources?.requests || !container.resources?.limits?.memory) report.problem(`${where}: needs resource requests and a memory limit`)
    if (component(labels) === 'sandbox-engine') continue
    if (container.securityContext?.privileged) report.problem(`${where}: is privileged; only the sandbox engine may be`)
    if (container.securityContext?.allowPrivilegeEscalation !== false) report.problem(`${where}: must set allowPrivilegeEscalation: false`)
    if (!container.securityContext?.capabilities?.drop?.includes('ALL')) report.problem(`${where}: must drop ALL capabilities`)
    if (spec.securityContext?.runAsNonRoot !== true && container.securityContext?.runAsNonRoot !== true) report.problem(`${where}: must run as non-root`)
  }
}

// 5. NetworkPolicies. Peers are pods of this namespace (podSelector), or anything outside it
// (namespaceSelector, ipBlock: pod addresses are assumed to be private, so the public ipBlocks
// used here never match a pod).
const policies = byKind('NetworkPolicy')
const typesOf = (policy) => policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])
const portMatches = (ports, port) => !ports?.length || ports.some((candidate) => candidate.port === port && (candidate.protocol ?? 'TCP') === 'TCP')
const peerIsPod = (peer, pod) => Boolean(peer.podSelector) && !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector, pod.labels)

/** Whether the policies let `source` (a pod of the namespace, or 'outside') open `port` on `target`. */
function allowed(source, target, port) {
  const ingressPolicies = policies.filter((policy) => typesOf(policy).includes('Ingress') && matches(policy.spec.podSelector, target.labels))
  const ingressOk = ingressPolicies.length === 0 || ingressPolicies.some((policy) => (policy.spec.ingress ?? []).some((rule) =>
    portMatches(rule.ports, port) && (!rule.from?.length || rule.from.some((peer) => (source === 'outside' ? !peer.podSelector || peer.namespaceSelector || peer.ipBlock : peerIsPod(peer, source))))))
  if (source === 'outside') return ingressOk
  const egressPolicies = policies.filter((policy) => typesOf(policy).includes('Egress') && matches(policy.spec.podSelector, source.labels))
  const egressOk = egressPolicies.length === 0 || egressPolicies.some((policy) => (policy.spec.egress ?? []).some((rule) =>
    portMatches(rule.ports, port) && (!rule.to?.length || rule.to.some((peer) => peerIsPod(peer, target)))))
  return ingressOk && egressOk
}

const troupePod = (name) => ({ labels: { 'app.kubernetes.io/name': 'troupe', 'app.kubernetes.io/component': name } })
const podOf = (name) => pods.find((pod) => pod.labels['app.kubernetes.io/name'] === 'troupe' && component(pod.labels) === name) ?? troupePod(name)
// Every pod the overlay renders, plus one that stands for any other pod of the namespace.
const sources = [...pods, { labels: { app: 'something-else' }, workload: { kind: 'Pod', metadata: { name: 'other' } } }]
const sourceName = (pod) => component(pod.labels) ?? pod.workload.metadata.name
const expectations = [
  { target: 'postgres', port: 5432, from: ['api', 'worker', 'migrate'] },
  { target: 'redis', port: 6379, from: ['api', 'worker'] },
  { target: 'sandbox-engine', port: 2375, from: ['worker'] }
]
if (!policies.some((policy) => Object.keys(policy.spec.podSelector ?? {}).length === 0 && typesOf(policy).includes('Ingress') && typesOf(policy).includes('Egress') && !policy.spec.ingress && !policy.spec.egress)) {
  report.problem('no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)')
}
for (const { target, port, from } of expectations) {
  const targetPod = podOf(target)
  const reachedBy = [...new Set(sources.filter((source) => source !== targetPod && allowed(source, targetPod, port)).map(sourceName))]
  for (const name of from) if (!reachedBy.includes(name)) report.problem(`NetworkPolicy: ${name} cannot reach ${target}:${port}`)
  for (const name of reachedBy) if (!from.includes(name)) report.problem(`NetworkPolicy: ${name} can reach ${target}:${port}; only ${from.join(', ')} may`)
  if (allowed('outside', targetPod, port)) report.problem(`NetworkPolicy: ${target}:${port} accepts connections from outside the namespace`)
}
if (!allowed('outside', podOf('api'), 3030)) report.problem('NetworkPolicy: the ingress controller cannot reach the API on 3030')
if (!allowed('outside', podOf('worker'), 9464)) report.problem('NetworkPolicy: Prometheus cannot reach the workers\' metrics port 9464')
if (!allowed('outside', podOf('api'), 9464)) report.problem('NetworkPolicy: Prometheus cannot reach the API\'s metrics port 9464')

const kinds = [...new Set(objects.map((object) => object.kind))].sort().join(', ')
report.finish(`${objects.length} objects (${kinds}) valid, no unknown fields, references and NetworkPolicies hold`)
