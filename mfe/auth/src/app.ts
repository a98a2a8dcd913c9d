import type { RouteRecordRaw } from 'vue-router'
import App from './App.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue') },
  { path: '/signup', component: () => import('./views/SignupView.vue') },
  { path: '/password-reset', component: () => import('./views/PasswordResetView.vue') },
  { path: '/invitations/accept', component: () => import('./views/AcceptInvitationView.vue') },
  { path: '/verify-email', component: () => import('./views/VerifyEmailView.vue') },
  { path: '/account', component: () => import('./views/AccountView.vue') }
]

export { App }
