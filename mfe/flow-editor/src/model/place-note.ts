import type { NoteSize } from './canvas-notes.ts'

type Position = { x: number; y: number }

/** A rectangle of the canvas, in flow coordinates. */
export interface Box extends Position {
  width: number
  height: number
}

/** Room kept between a new note and what is already on the canvas. */
const gap = 16
/** How far apart the places tried are. */
const step = 40

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
const inside = (box: Box, area: Box) => box.x >= area.x && box.y >= area.y && box.x + box.width <= area.x + area.width && box.y + box.height <= area.y + area.height

/**
 * Where a new note of `size` goes: centred on `center` (the middle of what is visible), else at the
 * nearest place inside `visible` clear of everything `occupied` (nodes and notes), so the note is
 * neither hidden under a node nor covering another note's text. When nothing visible is free, the
 * centre (notes lie under the nodes, so nothing is lost).
 */
export function placeNote(center: Position, size: NoteSize, occupied: readonly Box[], visible: Box): Position {
  const origin = { x: Math.round(center.x - size.width / 2), y: Math.round(center.y - size.height / 2) }
  const reach = Math.ceil(Math.max(visible.width, visible.height) / 2 / step)
  const offsets: Position[] = []
  for (let i = -reach; i <= reach; i++) for (let j = -reach; j <= reach; j++) offsets.push({ x: i * step, y: j * step })
  offsets.sort((a, b) => a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y))
  for (const offset of offsets) {
    const box = { x: origin.x + offset.x, y: origin.y + offset.y, ...size }
    if ((offset.x === 0 && offset.y === 0) || inside(box, visible)) {
      if (!occupied.some((taken) => overlaps(box, taken))) return { x: box.x, y: box.y }
    }
  }
  return origin
}
