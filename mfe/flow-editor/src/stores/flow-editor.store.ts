import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Flow, FlowEdge, FlowNode, FlowNote, FlowVersion, PinnedOutputs } from '@troupe/sdk'
import { describeError, useApi } from '@troupe/mfe-kit'
import { connectionToEdge, type Connection } from '../model/connect.ts'
import { cloneGraph, type Graph } from '../model/graph.ts'
import { GraphHistory } from '../model/graph-history.ts'
import { newNodeId } from '../model/new-node-id.ts'
import { copyNodes, pasteNodes, type NodesClip } from '../model/node-clipboard.ts'
import { errorCount, noErrors, placeValidationErrors, type PlacedErrors } from '../model/validation-errors.ts'
import { useNodeTypesStore } from './node-types.store.ts'

type Position = { x: number; y: number }

/**
 * The flow being edited: its graph with undo/redo, the selection, and saving with the server's
 * validation errors placed on the offending nodes, params and edges.
 */
export const useFlowEditorStore = defineStore('flow-editor/editor', () => {
  const flowId = ref<string>()
  const name = ref('Untitled flow')
  /** The flow run when an execution of this one fails. */
  const errorFlowId = ref<string | null>(null)
  /** Whether the flow's plugin triggers (a schedule) run. */
  const active = ref(true)
  /** Whether MCP clients of the tenant may run the flow as a tool. */
  const exposeViaMcp = ref(false)
  const version = ref<number>()
  const nodes = ref<FlowNode[]>([])
  const edges = ref<FlowEdge[]>([])
  /** Sticky notes on the canvas: saved with the flow, outside its versions and undo. */
  const notes = ref<FlowNote[]>([])
  /** Nodes' pinned test data, by node id: test runs from the editor use it; saved with the flow. */
  const pinnedOutputs = ref<PinnedOutputs>({})
  /** The node whose settings are open: the one chosen last. */
  const selectedNodeId = ref<string>()
  /** Every node chosen on the canvas (several with Ctrl or a selection box); copy and duplicate take them all. */
  const selectedNodeIds = ref<string[]>([])

  /** Chooses `ids` on the canvas; the settings shown are `focus`'s, else those already shown if still chosen, else the last one's. */
  function choose(ids: readonly string[], focus?: string) {
    const present = ids.filter((id, index) => ids.indexOf(id) === index && nodes.value.some((node) => node.id === id))
    selectedNodeIds.value = present
    selectedNodeId.value = focus !== undefined && present.includes(focus) ? focus : selectedNodeId.value && present.includes(selectedNodeId.value) ? selectedNodeId.value : present.at(-1)
  }
  /** What was last loaded or saved, to tell whether anything differs from it. */
  const savedState = ref('')
  const saving = ref(false)
  const loading = ref(false)
  const loadError = ref<unknown>()
  const saveError = ref<unknown>()
  const errors = ref<PlacedErrors>(noErrors())
  /** Why the last attempt to connect two nodes was refused. */
  const notice = ref<string>()
  const history = new GraphHistory()
  const historyState = ref({ canUndo: false, canRedo: false })

  /** Everything a save sends, as text: the graph, the name, the error flow, whether it is active and exposed over MCP, notes and pins. */
  const stateText = (graph: Graph = { nodes: nodes.value, edges: edges.value }) =>
    JSON.stringify({
      name: name.value,
      errorFlowId: errorFlowId.value,
      active: active.value,
      exposeViaMcp: exposeViaMcp.value,
      nodes: graph.nodes,
      edges: graph.edges,
      notes: notes.value,
      pinnedOutputs: pinnedOutputs.value
    })
  // A new, empty flow has nothing unsaved.
  savedState.value = stateText()
  /** Whether the flow differs from what was loaded or saved: undoing back to it is no change. */
  const dirty = computed(() => stateText() !== savedState.value)
  const selectedNode = computed(() => nodes.value.find((node) => node.id === selectedNodeId.value))
  const hasErrors = computed(() => errorCount(errors.value) > 0)

  const graph = (): Graph => ({ nodes: nodes.value, edges: edges.value })
  const syncHistory = () => {
    historyState.value = { canUndo: history.canUndo, canRedo: history.canRedo }
  }

  /** Records the state for undo, then applies a change to the graph. */
  function change(apply: () => void) {
    history.record(graph())
    apply()
    notice.value = undefined
    syncHistory()
  }

  function replaceGraph(next: Graph) {
    nodes.value = next.nodes
    edges.value = next.edges
    choose(selectedNodeIds.value)
  }

  function show(flow: Flow) {
    flowId.value = flow.id
    name.value = flow.name
    errorFlowId.value = flow.errorFlowId ?? null
    active.value = flow.active ?? true
    exposeViaMcp.value = flow.exposeViaMcp ?? false
    version.value = flow.version
    notes.value = JSON.parse(JSON.stringify(flow.notes ?? [])) as FlowNote[]
    pinnedOutputs.value = JSON.parse(JSON.stringify(flow.pinnedOutputs ?? {})) as PinnedOutputs
    replaceGraph(cloneGraph({ nodes: flow.nodes, edges: flow.edges }))
    savedState.value = stateText()
  }

  function startNew() {
    flowId.value = undefined
    name.value = 'Untitled flow'
    errorFlowId.value = null
    active.value = true
    exposeViaMcp.value = false
    version.value = undefined
    notes.value = []
    pinnedOutputs.value = {}
    replaceGraph({ nodes: [], edges: [] })
    choose([])
    errors.value = noErrors()
    saveError.value = undefined
    loadError.value = undefined
    savedState.value = stateText()
    history.clear()
    syncHistory()
  }

  async function load(id: string) {
    startNew()
    loading.value = true
    try {
      show(await useApi().service('flows').get(id))
    } catch (caught) {
      loadError.value = caught
    } finally {
      loading.value = false
    }
  }

  function addNode(type: string, position: Position) {
    const id = newNodeId(type, nodes.value.map((node) => node.id))
    change(() => {
      nodes.value = [...nodes.value, { id, type, params: {}, position: { x: Math.round(position.x), y: Math.round(position.y) } }]
    })
    choose([id], id)
    return id
  }

  /** Pastes copied nodes (from this flow or another) beside where they were, as one undoable step; the last one is selected. */
  function paste(clip: NodesClip): string[] {
    const { graph: next, pasted } = pasteNodes(graph(), clip)
    change(() => {
      nodes.value = next.nodes
      edges.value = next.edges
    })
    choose(pasted, pasted.at(-1))
    return pasted
  }

  /** Copies of the nodes `ids` (with the edges between them) beside them. */
  function duplicate(ids: readonly string[]): string[] {
    const clip = copyNodes(graph(), ids)
    return clip ? paste(clip) : []
  }

  /** Puts a saved version's name and graph in the editor, as one undoable step (saving keeps it as a new version). */
  function restoreVersion(saved: Pick<FlowVersion, 'name' | 'nodes' | 'edges'>) {
    const restored = cloneGraph({ nodes: saved.nodes, edges: saved.edges })
    change(() => {
      nodes.value = restored.nodes
      edges.value = restored.edges
    })
    name.value = saved.name
    choose([])
  }

  function moveNode(id: string, position: Position) {
    const node = nodes.value.find((item) => item.id === id)
    if (!node || (node.position?.x === Math.round(position.x) && node.position?.y === Math.round(position.y))) return
    change(() => {
      nodes.value = nodes.value.map((item) => (item.id === id ? { ...item, position: { x: Math.round(position.x), y: Math.round(position.y) } } : item))
    })
  }

  function connect(connection: Connection) {
    const typeOf = (type: string) => useNodeTypesStore().byType.get(type)
    const result = connectionToEdge(graph(), connection, typeOf)
    if ('refused' in result) {
      notice.value = result.refused
      return
    }
    change(() => {
      edges.value = [...edges.value, result.edge]
    })
  }

  /** Removes nodes (with their edges) and edges, as one undoable step. */
  function remove(nodeIds: string[], edgeIds: string[]) {
    const goneNodes = new Set(nodeIds.filter((id) => nodes.value.some((node) => node.id === id)))
    const goneEdges = new Set(edgeIds.filter((id) => edges.value.some((edge) => edge.id === id)))
    if (goneNodes.size === 0 && goneEdges.size === 0) return
    change(() => {
      nodes.value = nodes.value.filter((node) => !goneNodes.has(node.id))
      edges.value = edges.value.filter((edge) => !goneEdges.has(edge.id) && !goneNodes.has(edge.source) && !goneNodes.has(edge.target))
    })
    // A removed node's pin goes with it (undo brings the node back, not its pin).
    if ([...goneNodes].some((id) => id in pinnedOutputs.value)) pinnedOutputs.value = Object.fromEntries(Object.entries(pinnedOutputs.value).filter(([id]) => !goneNodes.has(id)))
    choose(selectedNodeIds.value)
  }

  function updateNode(id: string, patch: Partial<Pick<FlowNode, 'params' | 'label' | 'timeoutMs' | 'retry'>>) {
    change(() => {
      nodes.value = nodes.value.map((node) => {
        if (node.id !== id) return node
        const next: FlowNode = { ...node, ...patch }
        for (const key of Object.keys(patch) as (keyof typeof patch)[]) if (patch[key] === undefined) delete next[key]
        return next
      })
    })
    // The user is fixing it: the old message would only mislead.
    if (errors.value.nodes[id] && patch.params) errors.value.nodes[id]!.params = {}
    if (errors.value.nodes[id] && ('timeoutMs' in patch || 'retry' in patch)) errors.value.nodes[id]!.settings = {}
  }

  /** Adds a sticky note at `position`; answers its id. */
  function addNote(position: Position, text = ''): string {
    const id = newNodeId('sticky.note', notes.value.map((note) => note.id))
    notes.value = [...notes.value, { id, text, position: { x: Math.round(position.x), y: Math.round(position.y) } }]
    return id
  }

  /** Changes a note's text, place, size or colour (positions and sizes in whole pixels). */
  function updateNote(id: string, patch: Partial<Omit<FlowNote, 'id'>>) {
    const whole = (value: number | undefined) => (value === undefined ? undefined : Math.round(value))
    notes.value = notes.value.map((note) => {
      if (note.id !== id) return note
      const next: FlowNote = { ...note, ...patch }
      if (patch.position) next.position = { x: Math.round(patch.position.x), y: Math.round(patch.position.y) }
      if (patch.width !== undefined) next.width = whole(patch.width)
      if (patch.height !== undefined) next.height = whole(patch.height)
      return next
    })
  }

  function removeNote(id: string) {
    notes.value = notes.value.filter((note) => note.id !== id)
  }

  /** Pins `output` as the node's test data (a deep copy: later edits of the source do not change it). */
  function pin(nodeId: string, output: unknown) {
    pinnedOutputs.value = { ...pinnedOutputs.value, [nodeId]: JSON.parse(JSON.stringify(output ?? null)) as unknown }
  }

  function unpin(nodeId: string) {
    const { [nodeId]: _gone, ...rest } = pinnedOutputs.value
    pinnedOutputs.value = rest
  }

  function rename(next: string) {
    name.value = next
  }

  function setErrorFlow(next: string | null) {
    errorFlowId.value = next
  }

  function setActive(next: boolean) {
    active.value = next
  }

  function setExposeViaMcp(next: boolean) {
    exposeViaMcp.value = next
  }

  /** Chooses one node (its settings open), or none. */
  function select(id: string | undefined) {
    choose(id ? [id] : [], id)
  }

  /** Chooses the nodes the canvas has chosen (a click, Ctrl+click, a selection box, the keyboard). */
  function setSelection(ids: string[], focus?: string) {
    choose(ids, focus)
  }

  function undo() {
    const previous = history.undo(graph())
    if (previous) replaceGraph(previous)
    syncHistory()
  }

  function redo() {
    const next = history.redo(graph())
    if (next) replaceGraph(next)
    syncHistory()
  }

  /** Saves (creates the first time); on a validation error, places it on the graph and throws. */
  async function save(): Promise<Flow> {
    const sent = cloneGraph(graph())
    const sentState = stateText(sent)
    saving.value = true
    saveError.value = undefined
    try {
      const flows = useApi().service('flows')
      const data = {
        name: name.value,
        nodes: sent.nodes,
        edges: sent.edges,
        errorFlowId: errorFlowId.value,
        active: active.value,
        exposeViaMcp: exposeViaMcp.value,
        notes: notes.value,
        // Pins of nodes no longer in the graph (an undo brought none back) are not sent.
        pinnedOutputs: Object.fromEntries(Object.entries(pinnedOutputs.value).filter(([id]) => sent.nodes.some((node) => node.id === id)))
      }
      const saved = flowId.value ? await flows.patch(flowId.value, data) : await flows.create(data)
      flowId.value = saved.id
      version.value = saved.version
      errors.value = noErrors()
      // Edits made while the request was out stay unsaved: they differ from what was sent.
      savedState.value = sentState
      return saved
    } catch (caught) {
      saveError.value = caught
      errors.value = placeValidationErrors(describeError(caught).fields, sent)
      throw caught
    } finally {
      saving.value = false
    }
  }

  return {
    flowId,
    name,
    version,
    nodes,
    edges,
    notes,
    pinnedOutputs,
    addNote,
    updateNote,
    removeNote,
    pin,
    unpin,
    selectedNodeId,
    selectedNodeIds,
    selectedNode,
    dirty,
    saving,
    loading,
    loadError,
    saveError,
    errors,
    hasErrors,
    notice,
    historyState,
    startNew,
    load,
    addNode,
    paste,
    duplicate,
    restoreVersion,
    moveNode,
    connect,
    remove,
    updateNode,
    rename,
    errorFlowId,
    setErrorFlow,
    active,
    exposeViaMcp,
    setExposeViaMcp,
    setActive,
    select,
    setSelection,
    undo,
    redo,
    save
  }
})
