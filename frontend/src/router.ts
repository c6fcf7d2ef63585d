import { createRouter, createWebHistory, START_LOCATION, type RouteRecordRaw } from 'vue-router'
import { prefetchBoard } from './api/indicators'
import { prefetchFill } from './api/submissions'
import { prefetchTasks } from './api/tasks'
import { useAuth } from './stores/auth'

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'root', redirect: () => ({ name: useAuth().home }) },
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
  { path: '/sso/callback', name: 'sso-callback', component: () => import('./views/SsoCallback.vue'), meta: { public: true } },
  { path: '/settings/sign-in', name: 'sso-link', component: () => import('./views/settings/SsoLink.vue') },
  { path: '/password', name: 'password', component: () => import('./views/Password.vue') },
  { path: '/tasks', name: 'tasks', component: () => import('./views/clerk/Tasks.vue') },
  { path: '/fill/:id', name: 'fill', component: () => import('./views/clerk/Fill.vue'), props: true },
  { path: '/history/:id', name: 'history', component: () => import('./views/clerk/History.vue'), props: true },
  { path: '/review', name: 'review', component: () => import('./views/reviewer/Queue.vue'), meta: { roles: ['reviewer', 'sysadmin', 'leader'] } },
  { path: '/review/audit', name: 'review-audit', component: () => import('./views/reviewer/Audit.vue'), meta: { roles: ['reviewer', 'sysadmin'] } },
  { path: '/review/:id', name: 'review-one', component: () => import('./views/reviewer/Review.vue'), props: true, meta: { roles: ['reviewer', 'sysadmin', 'leader'] } },
  { path: '/leader', name: 'leader', component: () => import('./views/leader/Dashboard.vue'), meta: { roles: ['leader', 'reviewer', 'sysadmin'] } },
  { path: '/leader/:code', name: 'indicator', component: () => import('./views/leader/IndicatorDetail.vue'), props: true, meta: { roles: ['leader', 'reviewer', 'sysadmin'] } },
  { path: '/my', name: 'mine', component: () => import('./views/school/Mine.vue'), meta: { roles: ['org_admin', 'filler'] } },
  { path: '/admin', name: 'admin', component: () => import('./views/admin/Admin.vue'), meta: { roles: ['sysadmin', 'org_admin'] } },
  { path: '/admin/builder', name: 'builder', component: () => import('./views/builder/Builder.vue'), meta: { roles: ['sysadmin'] } },
  { path: '/inbox', name: 'inbox', component: () => import('./views/inbox/Inbox.vue') },
  { path: '/settings/notifications', name: 'notify-settings', component: () => import('./views/settings/NotifySettings.vue') },
  { path: '/admin/deliveries', name: 'deliveries', component: () => import('./views/inbox/Deliveries.vue'), meta: { roles: ['sysadmin'] } },
  { path: '/measures', name: 'measures', component: () => import('./views/measures/Board.vue'), meta: { roles: ['leader', 'reviewer', 'sysadmin'] } },
  { path: '/measures/mine', name: 'my-measures', component: () => import('./views/measures/MyMeasures.vue'), meta: { roles: ['org_admin', 'filler'] } },
  { path: '/measures/:number', name: 'measure', component: () => import('./views/measures/MeasureDetail.vue'), props: true },
  { path: '/notices', name: 'notices', component: () => import('./views/supervision/Notices.vue') },
  { path: '/notices/new', name: 'notice-new', component: () => import('./views/supervision/IssueNotice.vue'), meta: { roles: ['reviewer'] } },
  { path: '/notices/:id', name: 'notice', component: () => import('./views/supervision/NoticeDetail.vue'), props: true },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  const auth = useAuth()
  if (to.meta.public) return auth.loggedIn && to.name === 'login' ? { name: auth.home } : true
  if (!auth.loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (auth.mustChange && to.name !== 'password') return { name: 'password' }
  const need = to.meta.roles as string[] | undefined
  if (need && !auth.has(...need)) return { name: auth.home }
  return true
})
// A form's submission and its pinned form, and on a cold start the leader's figures or the clerk's
// tasks, are asked for as the navigation sets out, alongside the screen's own download, not after it
// has mounted (api/early.ts; the screen takes them). Later visits find the screen's chunk at hand.
router.beforeEach((to, from) => {
  if (to.name === 'fill') prefetchFill(Number(to.params.id))
  if (from !== START_LOCATION) return
  if (to.name === 'leader') prefetchBoard(to.query)
  if (to.name === 'tasks') prefetchTasks()
})
