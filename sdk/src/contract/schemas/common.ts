import { Type } from '@feathersjs/typebox'

/** Every id in Troupe is a random UUID. */
export const Id = Type.String({ format: 'uuid' })

/** Timestamps travel as ISO 8601 strings. */
export const Timestamp = Type.String({ format: 'date-time' })

/** Roles, from most to least privileged. */
export const roles = ['admin', 'member', 'viewer'] as const
export const Role = Type.Union(roles.map((role) => Type.Literal(role)))
export type RoleName = (typeof roles)[number]

/** Default and maximum page size of every `find`. */
export const pagination = { default: 25, max: 100 } as const

export interface Paginated<T> {
  total: number
  limit: number
  skip: number
  data: T[]
}
