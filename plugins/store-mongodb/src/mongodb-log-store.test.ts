import { describe, expect, it } from 'vitest'
import { databaseOf } from './mongodb-log-store.js'

describe('databaseOf', () => {
  it('reads the database from the path of a connection string, after hosts and credentials', () => {
    expect(databaseOf('mongodb://troupe:p%40ss@db1:27017,db2:27017/logs?replicaSet=rs0')).toBe('logs')
    expect(databaseOf('mongodb+srv://user:secret@cluster0.example.net/troupe_prod')).toBe('troupe_prod')
    expect(databaseOf('mongodb://localhost:27017/my%20db')).toBe('my db')
  })

  it('finds none when the path names none', () => {
    expect(databaseOf('mongodb://localhost:27017')).toBeUndefined()
    expect(databaseOf('mongodb://localhost:27017/?directConnection=true')).toBeUndefined()
  })
})
