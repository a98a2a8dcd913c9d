import { flowNoteSchema, type FlowNote } from '@troupe/sdk'

export type NoteColor = NonNullable<FlowNote['color']>

export interface NoteSize {
  width: number
  height: number
}

/** What a note saved without a size or colour looks like (n8n's default sticky size). */
export const defaultNoteSize: NoteSize = { width: 240, height: 160 }
export const defaultNoteColor: NoteColor = 'yellow'

// Flow node ids are `[A-Za-z0-9_-]+`, so a colon keeps a note's canvas id apart from every node's:
// a note and a node may share an id in the flow, never on the canvas.
const notePrefix = 'note:'

/** The id of a note on the canvas. */
export const noteCanvasId = (noteId: string) => `${notePrefix}${noteId}`

/** The note a canvas element id names, or undefined when it is a flow node's. */
export const noteIdOf = (canvasId: string): string | undefined => (canvasId.startsWith(notePrefix) ? canvasId.slice(notePrefix.length) : undefined)

/** What a sticky note on the canvas shows. */
export interface CanvasNoteData extends NoteSize {
  noteId: string
  text: string
  color: NoteColor
}

/** A note as the canvas draws it: a Vue Flow node of type `sticky`, under the flow, dragged by its bar. */
export interface CanvasNote {
  id: string
  type: 'sticky'
  position: { x: number; y: number }
  zIndex: number
  connectable: false
  dragHandle: string
  ariaLabel: string
  data: CanvasNoteData
}

/**
 * Vue Flow lifts a selected node by 1000: starting this far down, even a selected note stays under
 * the flow's nodes and edges (and above the notes not selected).
 */
const underTheFlow = -2000

/** The class of the part of a note that drags it (the rest is its text box and buttons). */
export const noteDragHandle = 'sticky-note__bar'

/** Maps the flow's notes to canvas nodes, with the default size and colour filled in. */
export function toCanvasNotes(notes: readonly FlowNote[]): CanvasNote[] {
  return notes.map((note) => ({
    id: noteCanvasId(note.id),
    type: 'sticky',
    position: note.position,
    zIndex: underTheFlow,
    connectable: false,
    dragHandle: `.${noteDragHandle}`,
    ariaLabel: 'Sticky note',
    data: {
      noteId: note.id,
      text: note.text,
      color: note.color ?? defaultNoteColor,
      width: note.width ?? defaultNoteSize.width,
      height: note.height ?? defaultNoteSize.height
    }
  }))
}

const bounds = flowNoteSchema.properties

/** `size` in whole pixels within the contract's bounds (a save with any other size is refused). */
export function clampNoteSize(size: NoteSize): NoteSize {
  const clamp = (value: number, min = 0, max = Infinity) => Math.round(Math.min(max, Math.max(min, value)))
  return {
    width: clamp(size.width, bounds.width.minimum, bounds.width.maximum),
    height: clamp(size.height, bounds.height.minimum, bounds.height.maximum)
  }
}
