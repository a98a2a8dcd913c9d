import type { RouteRecordRaw } from 'vue-router'
import { useSessionStore } from '@troupe/mfe-kit'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/admin', redirect: () => (useSessionStore().isAdmin ? '/admin/users' : '/admin/llm-providers') },
  { path: '/admin/users', component: () => import('./views/UsersView.vue') },
  { path: '/admin/llm-providers', component: () => import('./views/ProvidersView.vue') },
  { path: '/admin/api-keys', component: () => import('./views/ApiKeysView.vue') },
  { path: '/admin/usage', component: () => import('./views/UsageView.vue') },
  { path: '/admin/audit-log', component: () => import('./views/AuditLogView.vue') },
  { path: '/admin/sso', component: () => import('./views/SsoView.vue') }
]

export { App }
