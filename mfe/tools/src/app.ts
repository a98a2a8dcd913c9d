import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/tools', component: () => import('./views/ToolListView.vue') },
  { path: '/tools/new', component: () => import('./views/ToolEditView.vue'), props: { toolId: undefined } },
  { path: '/tools/:toolId', component: () => import('./views/ToolEditView.vue'), props: true }
]

export { App }
