import type { LlmClient, NodeExecutionContext, RecordsClient, SubflowClient, TenantLogic, ToolClient } from '@troupe/sdk/plugin'

export type NodeServices = NodeExecutionContext['services']

/** How an execution's services are built: the LLM client per node (it records which node called), the others per execution. */
export interface NodeServiceFactory {
  llm(nodeId: string): LlmClient
  tools(): ToolClient
  records(): RecordsClient
  logic(): TenantLogic
  subflows(nodeId: string): SubflowClient
}

/**
 * The services of one execution's nodes, each built on first use. Most nodes (transforms,
 * conditions, delays, outputs) use none, and building them cost more than running such a node.
 */
export class ExecutionServices {
  private toolClient: ToolClient | undefined
  private recordsClient: RecordsClient | undefined
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

  get records(): RecordsClient {
    return (this.recordsClient ??= this.factory.records())
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
    return this.execution.records
  }

  get logic(): TenantLogic {
    return this.execution.logic
  }

  get subflows(): SubflowClient {
    return this.execution.subflows(this.nodeId)
  }
}
