// single-spa-layout's own typings re-export their parts without file extensions, which Node's ESM
// resolution (the repo's `moduleResolution`) cannot follow; these are the signatures the root
// config uses, copied from those typings.
import type { AppProps, LifeCycles, RegisterApplicationConfig } from 'single-spa'

declare module 'single-spa-layout' {
  /** The parsed `<single-spa-router>` layout. */
  export interface ResolvedRoutesConfig {
    routes: unknown[]
    base: string
  }
  export type WithLoadFunction = { app: (config: AppProps) => Promise<LifeCycles> }
  export function constructRoutes(routesConfig: string | Element): ResolvedRoutesConfig
  export function constructApplications(options: {
    routes: ResolvedRoutesConfig
    loadApp: (config: AppProps) => Promise<LifeCycles>
  }): Array<RegisterApplicationConfig & WithLoadFunction>
  export function constructLayoutEngine(options: {
    routes: ResolvedRoutesConfig
    applications: Array<RegisterApplicationConfig & WithLoadFunction>
    active?: boolean
  }): { activate(): void; deactivate(): void; isActive(): boolean }
}
