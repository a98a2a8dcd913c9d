import { describe, expect, it } from 'vitest'
import { originOf, templateOrigin } from './destination-origin.js'

describe('originOf', () => {
  it.each([
    ['https://api.example.com/v1?x=1', 'https://api.example.com'],
    ['HTTPS://API.example.com:443/v1', 'https://api.example.com'],
    ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434'],
    ['not a url', null],
    [null, null],
    ['data:text/plain,x', null]
  ])('%s is %s', (url, origin) => {
    expect(originOf(url)).toBe(origin)
  })
})

describe('templateOrigin', () => {
  it.each([
    ['https://api.example.com/weather?city={{ args.city }}', 'https://api.example.com'],
    ['https://api.example.com/{{ args.path }}', 'https://api.example.com'],
    ['https://api.example.com:8443?q={{ args.q }}', 'https://api.example.com:8443'],
    ['https://api.example.com#{{ args.q }}', 'https://api.example.com'],
    ['https://api.example.com/fixed', 'https://api.example.com']
  ])('%s always goes to %s', (template, origin) => {
    expect(templateOrigin(template)).toBe(origin)
  })

  it.each([
    'https://{{ args.host }}/x',
    'https://api.example.com{{ args.suffix }}',
    'https://api.example.com:{{ args.port }}/x',
    'https://{{ args.user }}@api.example.com/x',
    'https://api.example.com\\{{ args.x }}',
    '{{ args.url }}'
  ])('%s has no fixed origin', (template) => {
    expect(templateOrigin(template)).toBeNull()
  })
})
