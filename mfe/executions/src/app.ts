import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/executions', component: () => import('./views/ExecutionListView.vue') },
  { path: '/executions/approvals', component: () => import('./views/ApprovalInboxView.vue') },
  { path: '/executions/:executionId', component: () => import('./views/ExecutionDetailView.vue'), props: true }
]

export { App }
