import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChatSession } from '@troupe/sdk'
import { useApi, useSessionStore } from '@troupe/mfe-kit'
import { sessionData, targetOf, type ChatTarget, type TargetKind } from '../model/chat-target.ts'

type Choice = { id: string; name: string }

const newestFirst = (a: ChatSession, b: ChatSession) => b.updatedAt.localeCompare(a.updatedAt)

/**
 * The conversations this user may read (their own; an admin's: the tenant's), newest activity
 * first, and what they can talk to: the tenant's agents, crews and flows.
 */
export const useChatSessionsStore = defineStore('chat/sessions', () => {
  const sessions = ref<ChatSession[]>([])
  const targets = ref<Record<TargetKind, Choice[]>>({ agent: [], crew: [], flow: [] })
  const userNames = ref<Record<string, string>>({})
  const loading = ref(false)
  const error = ref<unknown>()

  const targetNames = computed(() => {
    const names: Record<string, string> = {}
    for (const list of Object.values(targets.value)) for (const choice of list) names[choice.id] = choice.name
    return names
  })

  /** The name of what a session talks to, with its kind (`agent Researcher`). */
  function describeTarget(session: ChatSession): { kind: TargetKind; name: string } | undefined {
    const target = targetOf(session)
    return target && { kind: target.kind, name: targetNames.value[target.id] ?? `deleted ${target.kind}` }
  }

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      sessions.value = (await useApi().service('chat-sessions').find({ query: { $limit: 100, $sort: { updatedAt: -1 } } })).data
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function loadTargets() {
    const api = useApi()
    const query = { query: { $limit: 100, $sort: { name: 1 } } }
    try {
      const [agents, crews, flows] = await Promise.all([useApi().service('agents').find(query), useApi().service('crews').find(query), api.service('flows').find(query)])
      targets.value = {
        agent: agents.data.map(({ id, name }) => ({ id, name })),
        crew: crews.data.map(({ id, name }) => ({ id, name })),
        flow: flows.data.map(({ id, name }) => ({ id, name }))
      }
      // Admins read everyone's conversations: say whose each one is.
      if (useSessionStore().isAdmin) {
        const users = await api.service('users').find({ query: { $limit: 100 } })
        userNames.value = Object.fromEntries(users.data.map((user) => [user.id, user.name]))
      }
    } catch (caught) {
      error.value = caught
    }
  }

  async function create(target: ChatTarget, title: string): Promise<ChatSession | undefined> {
    error.value = undefined
    try {
      const session = await useApi().service('chat-sessions').create(sessionData(target, title))
      upsert(session)
      return session
    } catch (caught) {
      error.value = caught
      return undefined
    }
  }

  async function rename(id: string, title: string) {
    error.value = undefined
    try {
      upsert(await useApi().service('chat-sessions').patch(id, { title: title.trim() }))
    } catch (caught) {
      error.value = caught
    }
  }

  async function remove(id: string): Promise<boolean> {
    error.value = undefined
    try {
      await useApi().service('chat-sessions').remove(id)
      forget({ id })
      return true
    } catch (caught) {
      error.value = caught
      return false
    }
  }

  function upsert(session: ChatSession) {
    sessions.value = [...sessions.value.filter((item) => item.id !== session.id), session].sort(newestFirst)
  }

  /** A message was just sent: the conversation moves to the top (the server does not announce its new `updatedAt`). */
  function touch(id: string) {
    const session = sessions.value.find((item) => item.id === id)
    if (session) upsert({ ...session, updatedAt: new Date().toISOString() })
  }

  function forget(session: Pick<ChatSession, 'id'>) {
    sessions.value = sessions.value.filter((item) => item.id !== session.id)
  }

  return { sessions, targets, targetNames, userNames, loading, error, describeTarget, load, loadTargets, create, rename, remove, upsert, touch, forget }
})
