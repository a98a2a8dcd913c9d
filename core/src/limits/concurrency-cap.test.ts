import { describe, expect, it } from 'vitest'
import { ConcurrencyCap } from './concurrency-cap.js'

describe('ConcurrencyCap', () => {
  it('refuses a key past its limit and takes it again once a slot is given back', () => {
    const cap = new ConcurrencyCap(2)
    const first = cap.acquire('a')
    const second = cap.acquire('a')
    expect(first && second).toBeTruthy()
    expect(cap.acquire('a')).toBeUndefined()
    expect(cap.acquire('b')).toBeDefined()
    first!()
    expect(cap.count('a')).toBe(1)
    expect(cap.acquire('a')).toBeDefined()
  })

  it('counts a slot given back twice only once', () => {
    const cap = new ConcurrencyCap(1)
    const release = cap.acquire('a')!
    const other = cap.acquire('b')!
    release()
    release()
    expect(cap.count('a')).toBe(0)
    expect(cap.count('b')).toBe(1)
    const again = cap.acquire('a')
    expect(again).toBeDefined()
    expect(cap.acquire('a')).toBeUndefined()
    other()
  })

  it('forgets a key that holds nothing', () => {
    const cap = new ConcurrencyCap(3)
    for (let index = 0; index < 1000; index++) cap.acquire(`key ${index}`)!()
    expect(cap.keys).toBe(0)
  })

  it('never refuses with a limit of 0', () => {
    const cap = new ConcurrencyCap(0)
    for (let index = 0; index < 10_000; index++) expect(cap.acquire('a')).toBeDefined()
    expect(cap.count('a')).toBe(10_000)
  })
})
