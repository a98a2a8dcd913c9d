import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/crews', component: () => import('./views/CrewListView.vue') },
  { path: '/crews/new', component: () => import('./views/CrewEditView.vue'), props: { crewId: undefined } },
  { path: '/crews/agents', component: () => import('./views/AgentListView.vue') },
  { path: '/crews/agents/new', component: () => import('./views/AgentEditView.vue'), props: { agentId: undefined } },
  { path: '/crews/agents/:agentId', component: () => import('./views/AgentEditView.vue'), props: true },
  { path: '/crews/:crewId', component: () => import('./views/CrewEditView.vue'), props: true },
  { path: '/crews/:crewId/run', component: () => import('./views/CrewRunView.vue'), props: true },
  { path: '/crews/:crewId/runs/:executionId', component: () => import('./views/CrewRunView.vue'), props: true }
]

export { App }
