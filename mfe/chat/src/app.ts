import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/chat', component: () => import('./views/ChatHomeView.vue') },
  { path: '/chat/new', component: () => import('./views/NewSessionView.vue') },
  { path: '/chat/:sessionId', component: () => import('./views/ConversationView.vue'), props: true }
]

export { App }
