import type { LifeCycles } from 'single-spa'

/**
 * How each application of the layout is loaded. In a build the micro-frontends stay bare
 * specifiers that the import map resolves (`/mfe/<name>/main.js`); under `npm run dev` Vite serves
 * them from source.
 */
export const applicationLoaders: Record<string, () => Promise<LifeCycles>> = {
  '@troupe/shell-nav': () => import('./nav/nav-app.ts'),
  '@troupe/shell-not-found': () => import('./not-found/not-found-app.ts'),
  '@troupe/mfe-auth': () => import('@troupe/mfe-auth'),
  '@troupe/mfe-dashboard': () => import('@troupe/mfe-dashboard'),
  '@troupe/mfe-flow-editor': () => import('@troupe/mfe-flow-editor'),
  '@troupe/mfe-crews': () => import('@troupe/mfe-crews'),
  '@troupe/mfe-chat': () => import('@troupe/mfe-chat'),
  '@troupe/mfe-executions': () => import('@troupe/mfe-executions'),
  '@troupe/mfe-tools': () => import('@troupe/mfe-tools'),
  '@troupe/mfe-admin': () => import('@troupe/mfe-admin')
}

export function loadApplication(name: string): Promise<LifeCycles> {
  const load = applicationLoaders[name]
  if (!load) return Promise.reject(new Error(`No application named ${name}`))
  return load()
}
