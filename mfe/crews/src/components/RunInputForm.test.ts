// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RunInputForm from './RunInputForm.vue'

const button = (props: { busy: boolean; busyLabel?: string }) => mount(RunInputForm, { props: { fields: [], ...props } }).find('button[type="submit"]')

describe('RunInputForm', () => {
  it('says whether the run is being started or running, disabled meanwhile', () => {
    expect(button({ busy: false }).text()).toBe('Run crew')
    expect(button({ busy: false }).attributes('disabled')).toBeUndefined()
    expect(button({ busy: true, busyLabel: 'Starting…' }).text()).toBe('Starting…')
    const running = button({ busy: true, busyLabel: 'Running…' })
    expect(running.text()).toBe('Running…')
    expect(running.attributes('disabled')).toBeDefined()
  })
})
