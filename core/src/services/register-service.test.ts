import { describe, expect, it } from 'vitest'
import { serviceMethods, servicePaths } from '@troupe/sdk'
import type { Application } from '../declarations.js'
import { registerService } from './register-service.js'
import { ServiceDescriptors } from './service-descriptor.js'

/** Just what registering needs: descriptors, permissions and a place to mount. */
function fakeApp() {
  const descriptors = new ServiceDescriptors()
  const mounted: string[] = []
  const app = {
    get: (name: string) => (name === 'serviceDescriptors' ? descriptors : { declare() {} }),
    use: (path: string) => mounted.push(path),
    service: () => ({ hooks() {} })
  }
  return { app: app as unknown as Application, mounted }
}

describe('registerService', () => {
  it('refuses a service the SDK lists with other methods than it lists, naming both', () => {
    const { app, mounted } = fakeApp()
    expect(() => registerService(app, { path: servicePaths.tools, methods: ['find', 'get'] }, {})).toThrow(
      'Service "tools" offers find, get; the SDK\'s service table lists find, get, create, patch, remove'
    )
    expect(() => registerService(app, { path: servicePaths.tools, methods: [...serviceMethods.tools, 'update'] }, {})).toThrow(/the SDK's service table lists/)
    expect(mounted).toEqual([])
  })

  it('mounts a listed service with its methods in any order, and a service the SDK does not list', () => {
    const { app, mounted } = fakeApp()
    registerService(app, { path: servicePaths.tools, methods: [...serviceMethods.tools].reverse() }, {})
    registerService(app, { path: 'acme-things', methods: ['find'] }, {})
    expect(mounted).toEqual(['tools', 'acme-things'])
  })
})
