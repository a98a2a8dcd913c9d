import { computed } from 'vue'
import { toCanvasEdges, toCanvasNodes } from '../model/canvas-model.ts'
import { toCanvasNotes } from '../model/canvas-notes.ts'
import { liveProblems } from '../model/live-problems.ts'
import { useFlowEditorStore } from '../stores/flow-editor.store.ts'
import { useFlowRunStore } from '../stores/flow-run.store.ts'
import { useNodeTypesStore } from '../stores/node-types.store.ts'

/** The canvas's nodes, edges and sticky notes: the edited graph with node types, run statuses, errors of the last save and live problems. */
export function useCanvasModel() {
  const editor = useFlowEditorStore()
  const run = useFlowRunStore()
  const nodeTypes = useNodeTypesStore()
  const statuses = computed(() => run.statusesFor(editor.nodes.map((node) => node.id)))
  const problems = computed(() => liveProblems({ nodes: editor.nodes, edges: editor.edges }, (type) => nodeTypes.byType.get(type)))
  const nodes = computed(() => toCanvasNodes(editor.nodes, nodeTypes.byType, statuses.value, editor.errors, editor.selectedNodeIds, problems.value.nodes))
  const edges = computed(() => toCanvasEdges(editor.edges, nodeTypes.byType, editor.nodes, statuses.value, editor.errors))
  const notes = computed(() => toCanvasNotes(editor.notes))
  return { nodes, edges, notes, problems }
}
