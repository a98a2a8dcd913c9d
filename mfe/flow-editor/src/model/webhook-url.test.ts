import { describe, expect, it } from 'vitest'
import { webhookUrl } from './webhook-url.ts'

describe('webhookUrl', () => {
  it('is the flow’s hook under the API, at the workspace’s origin', () => {
    expect(webhookUrl('https://troupe.example.com', '4b1d7a52-7c55-4d34-9d4b-0f0c7c1c2a11')).toBe(
      'https://troupe.example.com/api/v1/hooks/4b1d7a52-7c55-4d34-9d4b-0f0c7c1c2a11'
    )
  })

  it('is none for a flow not saved yet', () => {
    expect(webhookUrl('http://localhost:3000', undefined)).toBeUndefined()
  })
})
