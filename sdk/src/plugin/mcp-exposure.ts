/**
 * What an MCP tool list shows of one exposed record: the tool's name (before the prefix, made
 * unique by the host's MCP server), what it does, its arguments and how many steps a run reports.
 */
export interface McpExposedTool {
  name: string
  description: string
  /** JSON Schema of the arguments (the run's input); any object when left out. */
  inputSchema?: Record<string, unknown>
  /** Steps a run goes through (a crew's tasks), the `total` of progress notifications. */
  steps?: number
}

/**
 * Records of a plugin's service that MCP clients of the tenant may call as tools (plugin API 2):
 * those with `exposeViaMcp: true`, read through the service with the caller's params (so tenancy
 * and roles apply), each run as an execution through one of the plugin's `executionEntries`, and
 * answered with its output. The `mcp-server` plugin serves them next to the core's tools and flows.
 */
export interface McpExposure<Record = never> {
  /** The service path of the records (`crews`). */
  service: string
  /** The execution entry that runs one: `POST /executions {[entryField]: id, input}` (`crewId`). */
  entryField: string
  /** Lower-case prefix of the MCP tool names (`crew` → `crew_<name>`). */
  toolPrefix: string
  describe(record: Record): McpExposedTool
  /** The event type one step of a run ends with, for progress (`node.completed` by default; a crew's `task.completed`). */
  progressEvent?: string
  /** The call's answer from a run that succeeded (its output by default; a crew's final text). */
  answer?(output: unknown): unknown
}
