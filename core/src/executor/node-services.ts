import type { LlmClient, NodeExecutionContext, RecordsClient, SubflowClient, TenantLogic, ToolClient } from '@troupe/sdk/plugin'

export type NodeServices = NodeExecutionContext['services']

/** How an execution's services are built: the LLM client per node (it records which node called), the others per execution. */
export interface NodeServiceFactory {
  llm(nodeId: string): LlmClient
  tools(): ToolClient
  /** Records on behalf of the execution's principal, for nodes of `plugin`'s types (see `createRecordsClient`). */
  records(plugin: string | undefined): RecordsClient
  logic(): TenantLogic
  subflows(nodeId: string): SubflowClient
  /** The plugin that contributes the node's type. */
  pluginOf(nodeId: string): string | undefined
}

/**
 * The services of one execution's nodes, each built on first use. Most nodes (transforms,
 * conditions, delays, outputs) use none, and building them cost more than running such a node.
 */
export class ExecutionServices {
  private toolClient: ToolClient | undefined
  /** One records client per plugin whose nodes use it. */
  private readonly recordsClients = new Map<string | undefined, RecordsClient>()
  private tenantLogic: TenantLogic | undefined

  constructor(private readonly factory: NodeServiceFactory) {}

  forNode(nodeId: string): NodeServices {
    return new LazyNodeServices(this, nodeId)
  }

  llm(nodeId: string): LlmClient {
    return this.factory.llm(nodeId)
  }

  subflows(nodeId: string): SubflowClient {
    return this.factory.subflows(nodeId)
  }

  get tools(): ToolClient {
    return (this.toolClient ??= this.factory.tools())
  }

  recordsFor(nodeId: string): RecordsClient {
    const plugin = this.factory.pluginOf(nodeId)
    let client = this.recordsClients.get(plugin)
    if (!client) this.recordsClients.set(plugin, (client = this.factory.records(plugin)))
    return client
  }

  get logic(): TenantLogic {
    return (this.tenantLogic ??= this.factory.logic())
  }
}

class LazyNodeServices implements NodeServices {
  private llmClient: LlmClient | undefined

  constructor(
    private readonly execution: ExecutionServices,
    private readonly nodeId: string
  ) {}

  get llm(): LlmClient {
    return (this.llmClient ??= this.execution.llm(this.nodeId))
  }

  get tools(): ToolClient {
    return this.execution.tools
  }

  get records(): RecordsClient {
    return this.execution.recordsFor(this.nodeId)
  }

  get logic(): TenantLogic {
    return this.execution.logic
  }

  get subflows(): SubflowClient {
    return this.execution.subflows(this.nodeId)
  }
}
