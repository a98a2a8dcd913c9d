import { onBeforeUnmount, onMounted } from 'vue'

interface Shortcuts {
  undo(): void
  redo(): void
  save(): void
}

/** Whether a key or clipboard event belongs to a text field (then the editor leaves it alone). */
export const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Y) redo, Ctrl/Cmd+S save, while the editor is open. */
export function useEditorShortcuts(actions: Shortcuts, enabled: () => boolean) {
  function onKeydown(event: KeyboardEvent) {
    if (!enabled() || !(event.ctrlKey || event.metaKey)) return
    const key = event.key.toLowerCase()
    if (key === 's') {
      event.preventDefault()
      actions.save()
    } else if (!typing(event.target) && (key === 'y' || (key === 'z' && event.shiftKey))) {
      event.preventDefault()
      actions.redo()
    } else if (!typing(event.target) && key === 'z') {
      event.preventDefault()
      actions.undo()
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
