import type { Application } from '../declarations.js'

/** Starts serving and resolves with the port actually bound (`port` 0 picks a free one). */
export async function listen(app: Application, port: number, host: string): Promise<number> {
  await app.listen(port, host)
  if (!app.server.listening) await new Promise((resolve) => app.server.once('listening', resolve))
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : port
}
