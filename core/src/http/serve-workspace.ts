import { createHash } from 'node:crypto'
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FeathersKoaContext } from '@feathersjs/koa'
import type { RootRoute } from './split-api.js'
import { compressFiles } from './compress-responses.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

/** Paths that belong to the server, never to the single-page app. */
const serverPaths = /^\/(api|socket\.io|health|metrics)(\/|$)/

/** Vite writes content-hashed files under `assets/`: they never change, so they are cached for good. */
const immutable = 'public, max-age=31536000, immutable'

export interface WorkspaceDirs {
  /** The shell's build (`shell/dist`), served at `/`. */
  shell: string
  /** Holds `<name>/dist`, each micro-frontend's build, served at `/mfe/<name>/`. */
  mfeRoot: string
}

/** The workspace builds of this checkout (looked up per request, so a rebuild needs no restart). */
export function findWorkspaceDirs(root = repoRoot): WorkspaceDirs {
  return { shell: path.join(root, 'shell', 'dist'), mfeRoot: path.join(root, 'mfe') }
}

/**
 * Maps a URL path to a file inside `dir`, or undefined when it would leave it: the decoded path is
 * normalized and must stay below `dir` (no `..`, no encoded slashes or NUL bytes tricks).
 */
export function confine(dir: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const normalized = path.posix.normalize(`/${decoded}`)
  if (normalized.split('/').includes('..')) return undefined
  const file = path.resolve(dir, `.${normalized}`)
  return file === dir || file.startsWith(`${dir}${path.sep}`) ? file : undefined
}

/** The file's stats when it is a regular file, else undefined. */
export function fileStats(file: string): Stats | undefined {
  try {
    const stats = statSync(file)
    return stats.isFile() ? stats : undefined
  } catch {
    return undefined
  }
}

/** Sends a file with its content type and an `ETag` (304 when the client has it), without reading it for HEAD. */
export function sendFile(ctx: FeathersKoaContext, file: string, stats: Stats, cacheControl: string): void {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`
  ctx.set('cache-control', cacheControl)
  ctx.set('etag', etag)
  ctx.type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  if (ctx.get('if-none-match') === etag) {
    ctx.status = 304
    return
  }
  ctx.status = 200
  // Koa answers HEAD without a body by itself; a stream opened for it would never be read.
  if (ctx.method !== 'HEAD') ctx.body = createReadStream(file)
  ctx.length = stats.size
}

/** CSP sources (`'sha256-...'`) of the inline scripts of a page: the shell's import map. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`
  )
}

let indexHashes: { mtimeMs: number; sources: string[] } | undefined

/**
 * Lets the page's inline import map run under the Content Security Policy set before this route
 * (a `script-src` without 'unsafe-inline'): its hash joins `script-src`. Browsers cannot load an
 * import map from a file, so it has to be inline.
 */
function allowInlineScripts(ctx: FeathersKoaContext, index: string, stats: Stats): void {
  const policy = ctx.response.get('content-security-policy')
  if (!policy) return
  if (indexHashes?.mtimeMs !== stats.mtimeMs) indexHashes = { mtimeMs: stats.mtimeMs, sources: inlineScriptHashes(readFileSync(index, 'utf8')) }
  const sources = indexHashes.sources.join(' ')
  if (!sources) return
  const directives = policy.split(';').map((directive) => directive.trim())
  const scriptSrc = directives.findIndex((directive) => directive.startsWith('script-src '))
  if (scriptSrc === -1) return
  directives[scriptSrc] = `${directives[scriptSrc]} ${sources}`
  ctx.set('content-security-policy', directives.join('; '))
}

/** Which build directory a URL path points into, and the path inside it. */
function locate(dirs: WorkspaceDirs, urlPath: string): { dir: string; rest: string } {
  const mfe = /^\/mfe\/([a-z0-9-]+)(\/.*)$/.exec(urlPath)
  return mfe ? { dir: path.join(dirs.mfeRoot, mfe[1], 'dist'), rest: mfe[2] } : { dir: dirs.shell, rest: urlPath }
}

/**
 * The web workspace: the shell's build at `/` and each micro-frontend's at `/mfe/<name>/`, with
 * content types, compression, immutable caching for hashed assets (revalidation for the rest), and the shell's
 * `index.html` for any other page a browser asks for (the single-page app routes it). Requests
 * for the API, Socket.IO, MCP, health and metrics, and `GET /` asking for JSON, pass on. When the
 * workspace is not built, everything passes on.
 */
export function serveWorkspaceRoute(dirs: WorkspaceDirs = findWorkspaceDirs()): RootRoute {
  const index = path.join(dirs.shell, 'index.html')
  const compressed = compressFiles()
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || serverPaths.test(ctx.path)) return next()
    const indexStats = fileStats(index)
    if (!indexStats) return next()

    const target = locate(dirs, ctx.path)
    const file = target.rest !== '/' ? confine(target.dir, target.rest) : undefined
    const stats = file ? fileStats(file) : undefined
    if (file && stats && path.basename(file) !== 'index.html') {
      const hashed = path.relative(target.dir, file).split(path.sep)[0] === 'assets'
      return compressed(ctx, async () => sendFile(ctx, file, stats, hashed ? immutable : 'no-cache'))
    }
    // A page of the app: only for browsers navigating (an unknown asset or JSON call gets a 404).
    if (ctx.accepts('html', 'json') !== 'html' || path.extname(ctx.path) !== '') return next()
    allowInlineScripts(ctx, index, indexStats)
    return compressed(ctx, async () => sendFile(ctx, index, indexStats, 'no-cache'))
  }
}
