import { randomBytes } from 'node:crypto'
import knex from 'knex'

export interface FreshDatabase {
  url: string
  drop(): Promise<void>
}

/** A fresh, empty database of its own on the PostgreSQL server at `serverUrl`; `drop` removes it. */
export async function freshPostgresDatabase(serverUrl: string, prefix = 'troupe_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = knex({ client: 'pg', connection: serverUrl })
  await admin.raw('create database ??', [name])
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw('drop database if exists ?? with (force)', [name])
      await admin.destroy()
    }
  }
}
