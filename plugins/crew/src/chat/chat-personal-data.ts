import type { PersonalDataDeclaration } from '@troupe/sdk/plugin'
import type { CrewState } from '../crew-state.js'

type Row = Record<string, unknown>

const internal = (params: Row) => ({ principal: params.principal })

/**
 * Chat is personal data: a user's sessions with their messages are exported with the user and
 * deleted with it (messages go with their session). A tenant export also carries its agents and
 * crews, as the API shows them.
 */
export const chatPersonalData: PersonalDataDeclaration<CrewState> = {
  name: 'chat',
  async export({ params, userId }, { state: { sessions, messages, agents, crews } }) {
      const found = (await sessions._find({ ...internal(params), query: userId ? { userId } : {}, paginate: false })) as Row[]
      const all = (await messages._find({ ...internal(params), query: { sessionId: { $in: found.map((session) => session.id) }, $sort: { createdAt: 1 } }, paginate: false })) as Row[]
      const chat = found.map((session) => ({ ...session, messages: all.filter((message) => message.sessionId === session.id) }))
      if (userId) return chat
      const [agentList, crewList] = await Promise.all([agents._find({ ...internal(params), paginate: false }), crews._find({ ...internal(params), paginate: false })])
      return { sessions: chat, agents: agentList, crews: crewList }
  },
  async erase({ params, userId }, { state: { sessions, messages } }) {
      const own = (await sessions._find({ ...internal(params), query: { userId, $select: ['id'] }, paginate: false })) as Row[]
      // Through the service, not SQL: the messages may live in another log store than the sessions.
      // Answers the user got in other people's sessions do not exist: sessions are personal.
      await messages._remove(null, {
        ...internal(params),
        query: { $or: [{ userId }, { sessionId: { $in: own.map((session) => session.id) } }] },
        adapter: { multi: ['remove'] }
      })
      await sessions.db(internal(params)).where({ userId }).delete()
  }
}
