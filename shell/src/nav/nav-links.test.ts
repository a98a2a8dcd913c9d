import { describe, expect, it } from 'vitest'
import { isActiveLink, navLinks } from './nav-links.ts'

const active = (pathname: string) => navLinks.filter((link) => isActiveLink(link, pathname)).map((link) => link.label)

describe('nav links', () => {
  it('marks exactly one section active for the pages of each section', () => {
    expect(active('/')).toEqual(['Dashboard'])
    expect(active('/flows/123')).toEqual(['Flows'])
    expect(active('/executions')).toEqual(['Executions'])
    expect(active('/crews/agents/new')).toEqual(['Crews'])
    expect(active('/chat/123')).toEqual(['Chat'])
    expect(active('/admin/users')).toEqual(['Admin'])
  })

  it('marks nothing on pages outside the sections', () => {
    expect(active('/flowsy')).toEqual([])
    expect(active('/login')).toEqual([])
  })
})
