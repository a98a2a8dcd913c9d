import { describe, expect, it } from 'vitest'
import { placeNote } from './place-note.ts'

const size = { width: 240, height: 160 }
const visible = { x: 0, y: 0, width: 1000, height: 600 }

describe('placeNote', () => {
  it('centres the note on what is visible when that space is free', () => {
    expect(placeNote({ x: 500, y: 300 }, size, [], visible)).toEqual({ x: 380, y: 220 })
  })

  it('moves the note to the nearest visible place clear of nodes and notes', () => {
    const occupied = [
      { x: 300, y: 250, width: 400, height: 60 },
      { x: 380, y: 220, width: 240, height: 160 }
    ]
    const place = placeNote({ x: 500, y: 300 }, size, occupied, visible)
    const box = { ...place, ...size }
    for (const taken of occupied) {
      const apart = box.x >= taken.x + taken.width || taken.x >= box.x + box.width || box.y >= taken.y + taken.height || taken.y >= box.y + box.height
      expect(apart).toBe(true)
    }
    expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1000 && box.y + box.height <= 600).toBe(true)
  })

  it('falls back to the centre when nothing visible is free', () => {
    expect(placeNote({ x: 500, y: 300 }, size, [visible], visible)).toEqual({ x: 380, y: 220 })
  })
})
