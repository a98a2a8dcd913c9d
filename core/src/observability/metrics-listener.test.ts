import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serveMetrics } from './metrics-listener.js'
import { TroupeMetrics } from './metrics.js'

let server: Server | undefined
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

const urlOf = (listening: Server) => `http://127.0.0.1:${(listening.address() as AddressInfo).port}`

describe('serveMetrics', () => {
  it('serves /metrics and nothing else, on the host it is given', async () => {
    server = await serveMetrics(new TroupeMetrics(), { port: 0, host: '127.0.0.1' })
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1')
    const response = await fetch(`${urlOf(server)}/metrics`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('# TYPE troupe_executions_total')
    expect((await fetch(`${urlOf(server)}/health`)).status).toBe(404)
    expect((await fetch(`${urlOf(server)}/metrics`, { method: 'POST' })).status).toBe(404)
  })

  it('asks for the token when there is one', async () => {
    server = await serveMetrics(new TroupeMetrics(), { port: 0, host: '127.0.0.1', token: 'scrape-me' })
    expect((await fetch(`${urlOf(server)}/metrics`)).status).toBe(401)
    expect((await fetch(`${urlOf(server)}/metrics`, { headers: { authorization: 'Bearer wrong-one' } })).status).toBe(401)
    expect((await fetch(`${urlOf(server)}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })).status).toBe(200)
  })

  it('fails to start on a port in use instead of hanging', async () => {
    server = await serveMetrics(new TroupeMetrics(), { port: 0, host: '127.0.0.1' })
    await expect(serveMetrics(new TroupeMetrics(), { port: (server.address() as AddressInfo).port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/)
  })
})
