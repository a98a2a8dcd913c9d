import { createRequire } from 'node:module'
import path from 'node:path'
import type { FeathersKoaContext } from '@feathersjs/koa'
import { restPrefix } from '@troupe/sdk'
import { compressFiles } from './compress-responses.js'
import { openApiDocumentPath } from './openapi-document-route.js'
import { fileStats, sendFile } from './serve-workspace.js'
import type { RootRoute } from './split-api.js'

/** Where the API viewer is: outside `/api/v1`, so it is never taken for a service. */
export const apiDocsPath = '/api/docs'

const require = createRequire(import.meta.url)

/** The directory of `swagger-ui-dist`'s files, by its own locator: its main module would load the whole 1.8 MB bundle into the server. */
export function swaggerUiDir(): string {
  return (require('swagger-ui-dist/absolute-path.js') as () => string)()
}

/** The package's files the page uses, by name: nothing else of it is served, and no path is resolved. */
const assets = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'])

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Troupe API</title>
<link rel="stylesheet" href="${apiDocsPath}/swagger-ui.css">
<link rel="icon" type="image/png" href="${apiDocsPath}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"><noscript>The API viewer needs JavaScript; the description itself is at <a href="${restPrefix}${openApiDocumentPath}">${restPrefix}${openApiDocumentPath}</a>.</noscript></div>
<script src="${apiDocsPath}/swagger-ui-bundle.js"></script>
<script src="${apiDocsPath}/initializer.js"></script>
</body>
</html>
`

// A file, not an inline script: the Content Security Policy runs only the server's own files.
const initializer = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(`${restPrefix}${openApiDocumentPath}`)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  // The page talks to its own server only, never to swagger.io's online validator.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout'
})
`

function answer(ctx: FeathersKoaContext, type: string, text: string): void {
  ctx.set('cache-control', 'no-cache')
  ctx.type = type
  ctx.body = text
}

/**
 * `GET /api/docs`: the API description in Swagger UI (`swagger-ui-dist`), under the workspace's
 * Content Security Policy: the page loads the bundle and an initializer, both files of this
 * server. The package's files are revalidated (`no-cache` with an `ETag`) and compressed like
 * the workspace's. Any other path passes on.
 */
export function apiDocsRoute(dir = swaggerUiDir()): RootRoute {
  const compressed = compressFiles()
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next()
    if (ctx.path === apiDocsPath || ctx.path === `${apiDocsPath}/`) return answer(ctx, 'text/html; charset=utf-8', page)
    if (ctx.path === `${apiDocsPath}/initializer.js`) return answer(ctx, 'text/javascript; charset=utf-8', initializer)
    const name = ctx.path.startsWith(`${apiDocsPath}/`) ? ctx.path.slice(apiDocsPath.length + 1) : ''
    if (!assets.has(name)) return next()
    const file = path.join(dir, name)
    const stats = fileStats(file)
    // A dependency's file missing is a broken install, not a page that does not exist.
    if (!stats) throw new Error(`swagger-ui-dist has no ${name} in ${dir}`)
    return compressed(ctx, async () => sendFile(ctx, file, stats, 'no-cache'))
  }
}
