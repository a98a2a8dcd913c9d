export interface ToolRunLimits {
  /** Wall-clock limit in milliseconds. */
  timeoutMs: number
  memoryMb: number
  /** Largest result, serialized, in bytes. */
  maxOutputBytes: number
}

export interface ToolRunRequest {
  /** Source of an ES module whose default export receives the arguments. */
  code: string
  language: string
  args: Record<string, unknown>
  limits: ToolRunLimits
  /** Hosts the tool may reach; empty means no network. */
  allowedHosts?: string[]
}

export interface ToolRunResult {
  result: unknown
  logs: string[]
  durationMs: number
}

/** Where code tools run (an isolate, a container, ...). */
export interface ToolRuntime {
  id: string
  displayName: string
  languages: string[]
  /** Whether this runtime can run here (a Docker socket, a native module...). */
  available(): Promise<boolean>
  run(request: ToolRunRequest, options: { signal?: AbortSignal }): Promise<ToolRunResult>
}
