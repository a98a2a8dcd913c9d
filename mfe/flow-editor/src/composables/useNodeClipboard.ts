import { onBeforeUnmount, onMounted } from 'vue'
import { readNodesClip, type NodesClip } from '../model/node-clipboard.ts'
import { typing } from './useEditorShortcuts.ts'

interface NodeClipboard {
  /** The nodes chosen on the canvas now. */
  selected(): string[]
  copy(ids: string[]): NodesClip | undefined
  paste(clip: NodesClip): void
  duplicate(ids: string[]): void
}

/**
 * Copy and paste of nodes through the system clipboard (Ctrl/Cmd+C, Ctrl/Cmd+V: into this flow or
 * another, in this tab or another), and Ctrl/Cmd+D to duplicate, while the editor is open. Text
 * fields keep their own copy and paste; a paste of anything but copied nodes is left alone.
 */
export function useNodeClipboard(actions: NodeClipboard, enabled: () => boolean) {
  function onCopy(event: ClipboardEvent) {
    if (typing(event.target) || window.getSelection()?.toString()) return
    const clip = actions.copy(actions.selected())
    if (!clip || !event.clipboardData) return
    event.clipboardData.setData('text/plain', JSON.stringify(clip))
    event.preventDefault()
  }

  function onPaste(event: ClipboardEvent) {
    if (!enabled() || typing(event.target)) return
    const clip = readNodesClip(event.clipboardData?.getData('text/plain') ?? '')
    if (!clip) return
    event.preventDefault()
    actions.paste(clip)
  }

  function onKeydown(event: KeyboardEvent) {
    if (!enabled() || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'd' || typing(event.target)) return
    event.preventDefault()
    actions.duplicate(actions.selected())
  }

  onMounted(() => {
    window.addEventListener('copy', onCopy)
    window.addEventListener('paste', onPaste)
    window.addEventListener('keydown', onKeydown)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('copy', onCopy)
    window.removeEventListener('paste', onPaste)
    window.removeEventListener('keydown', onKeydown)
  })
}
