import { computed } from 'vue'
import { toCanvasEdges, toCanvasNodes } from '../model/canvas-model.ts'
import { useFlowEditorStore } from '../stores/flow-editor.store.ts'
import { useFlowRunStore } from '../stores/flow-run.store.ts'
import { useNodeTypesStore } from '../stores/node-types.store.ts'

/** The canvas's nodes and edges: the edited graph with node types, run statuses and errors. */
export function useCanvasModel() {
  const editor = useFlowEditorStore()
  const run = useFlowRunStore()
  const nodeTypes = useNodeTypesStore()
  const statuses = computed(() => run.statusesFor(editor.nodes.map((node) => node.id)))
  const nodes = computed(() => toCanvasNodes(editor.nodes, nodeTypes.byType, statuses.value, editor.errors, editor.selectedNodeIds))
  const edges = computed(() => toCanvasEdges(editor.edges, nodeTypes.byType, editor.nodes, statuses.value, editor.errors))
  return { nodes, edges }
}
