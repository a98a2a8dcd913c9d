import type { HookContext } from '@feathersjs/feathers'

type Method = (...args: unknown[]) => Promise<unknown>

/**
 * Makes the call of `context` once more, with `mark` added to its params so the hook that asks
 * does not ask again, and answers its result.
 */
export function callAgain(context: HookContext, mark: Record<string, true>): Promise<unknown> {
  const params = { ...context.params, ...mark }
  const args = (() => {
    switch (context.method) {
      case 'find':
        return [params]
      case 'get':
      case 'remove':
        return [context.id, params]
      case 'create':
        return [context.data, params]
      default:
        return [context.id, context.data, params]
    }
  })()
  const method = (context.service as unknown as Record<string, Method>)[context.method]
  return method.apply(context.service, args)
}
