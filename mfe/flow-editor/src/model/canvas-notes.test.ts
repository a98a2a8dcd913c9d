import { describe, expect, it } from 'vitest'
import { clampNoteSize, noteCanvasId, noteIdOf, toCanvasNotes } from './canvas-notes.ts'

describe('canvas notes', () => {
  it('maps notes to sticky canvas nodes under the flow, with the default size and colour filled in', () => {
    const canvas = toCanvasNotes([
      { id: 'note', text: 'Why this flow exists', position: { x: 10, y: 20 } },
      { id: 'note_2', text: '', position: { x: 0, y: 0 }, width: 400, height: 90, color: 'blue' }
    ])
    expect(canvas[0]).toMatchObject({
      id: 'note:note',
      type: 'sticky',
      position: { x: 10, y: 20 },
      connectable: false,
      data: { noteId: 'note', text: 'Why this flow exists', color: 'yellow', width: 240, height: 160 }
    })
    expect(canvas[0]!.zIndex).toBeLessThan(-1000)
    expect(canvas[1]!.data).toEqual({ noteId: 'note_2', text: '', color: 'blue', width: 400, height: 90 })
    // Vue Flow keeps its own choice of notes: the model never says whether one is selected.
    expect(canvas[0]).not.toHaveProperty('selected')
  })

  it('tells a note from a node of the same id', () => {
    expect(noteIdOf(noteCanvasId('check'))).toBe('check')
    expect(noteIdOf('check')).toBeUndefined()
  })

  it('keeps sizes whole and within the contract bounds', () => {
    expect(clampNoteSize({ width: 50, height: 10 })).toEqual({ width: 120, height: 60 })
    expect(clampNoteSize({ width: 5000, height: 2500.4 })).toEqual({ width: 2000, height: 2000 })
    expect(clampNoteSize({ width: 300.6, height: 200.2 })).toEqual({ width: 301, height: 200 })
  })
})
