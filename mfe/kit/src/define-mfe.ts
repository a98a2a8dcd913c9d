import { createApp, h, type Component } from 'vue'
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import singleSpaVue from 'single-spa-vue'
import { workspacePinia } from './pinia.ts'

/** What a micro-frontend's lazily loaded part provides. */
export interface MfeModule {
  App: Component
  /** Absolute paths (`/executions/:id`); other paths render nothing. */
  routes?: RouteRecordRaw[]
}

export interface MfeLifecycles {
  bootstrap(props: object): Promise<unknown>
  mount(props: object): Promise<unknown>
  unmount(props: object): Promise<unknown>
  update(props: object): Promise<unknown>
}

const elsewhere = { name: 'elsewhere', path: '/:elsewhere(.*)*', component: { render: () => null } }

/**
 * The single-spa lifecycles of a Vue micro-frontend. `load` runs on first activation (its chunk and
 * CSS are fetched then); each mount gets a fresh Vue app with the shared Pinia and, when the
 * micro-frontend has routes, its own router over the browser history.
 */
export function defineMfe(load: () => Promise<MfeModule>): MfeLifecycles {
  let loaded: MfeModule | undefined
  return singleSpaVue({
    createApp,
    appOptions: { render: () => h(loaded!.App) },
    loadRootComponent: async () => {
      loaded = await load()
      return loaded.App
    },
    handleInstance: (app: ReturnType<typeof createApp>) => {
      app.use(workspacePinia)
      if (loaded?.routes) {
        app.use(createRouter({ history: createWebHistory(), routes: [...loaded.routes, elsewhere] }))
      }
    }
  }) as MfeLifecycles
}
