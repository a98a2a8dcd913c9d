import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/flows', component: () => import('./views/FlowListView.vue') },
  { path: '/flows/new', component: () => import('./views/FlowEditorView.vue'), props: { flowId: undefined } },
  { path: '/flows/templates', component: () => import('./views/FlowTemplatesView.vue') },
  { path: '/flows/:flowId', component: () => import('./views/FlowEditorView.vue'), props: true }
]

export { App }
