import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPrivateDir, tighten } from './private-data-dir.js'

let root: string
const modeOf = async (entry: string) => ((await stat(entry)).mode & 0o777).toString(8)

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'private-dir-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('createPrivateDir', () => {
  it('creates missing directories with mode 0700', async () => {
    const dir = path.join(root, 'data', 'pglite')
    await createPrivateDir(dir)
    expect(await modeOf(dir)).toBe('700')
    expect(await modeOf(path.join(root, 'data'))).toBe('700')
  })
})

describe('tighten', () => {
  it('takes group and other rights off directories and files, keeping the owner\'s', async () => {
    const dir = path.join(root, 'pglite')
    await mkdir(path.join(dir, 'base'), { recursive: true })
    await writeFile(path.join(dir, 'base', '1259'), 'x')
    await writeFile(path.join(dir, 'PG_VERSION'), '17')
    await chmod(path.join(dir, 'base', '1259'), 0o666)
    await chmod(path.join(dir, 'PG_VERSION'), 0o444)
    await chmod(path.join(dir, 'base'), 0o777)
    await chmod(dir, 0o755)
    expect(await tighten(dir, { recursive: true })).toEqual([])
    expect(await modeOf(dir)).toBe('700')
    expect(await modeOf(path.join(dir, 'base'))).toBe('700')
    expect(await modeOf(path.join(dir, 'base', '1259'))).toBe('600')
    expect(await modeOf(path.join(dir, 'PG_VERSION'))).toBe('400')
  })

  it('without recursive, touches only the entry itself', async () => {
    const inside = path.join(root, 'someone-elses.txt')
    await writeFile(inside, 'x')
    await chmod(inside, 0o644)
    await chmod(root, 0o755)
    await tighten(root)
    expect(await modeOf(root)).toBe('700')
    expect(await modeOf(inside)).toBe('644')
  })

  it('does not follow symbolic links out of the directory', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'outside-'))
    try {
      const target = path.join(outside, 'shared.txt')
      await writeFile(target, 'x')
      await chmod(target, 0o644)
      await symlink(target, path.join(root, 'link'))
      await tighten(root, { recursive: true })
      expect(await modeOf(target)).toBe('644')
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('follows the entry itself when it is a link (a data directory placed elsewhere)', async () => {
    const real = path.join(root, 'real')
    await mkdir(real, { mode: 0o755 })
    await chmod(real, 0o755)
    await symlink(real, path.join(root, 'data'))
    await tighten(path.join(root, 'data'))
    expect(await modeOf(real)).toBe('700')
  })

  it('finds nothing to do for a missing entry', async () => {
    expect(await tighten(path.join(root, 'missing'), { recursive: true })).toEqual([])
  })
})
