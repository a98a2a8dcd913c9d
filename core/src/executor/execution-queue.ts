import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'

export interface ExecutionJob {
  tenantId: string
  executionId: string
  /** The trace the execution was submitted in (W3C `traceparent`), continued by the worker. */
  traceContext?: Record<string, string>
}

/**
 * Queue mode: API instances enqueue executions on BullMQ and workers run them. One job per
 * execution (the job id is the execution id, so a job cannot be added twice); whoever claims the
 * execution's lease runs it, so a redelivered job is harmless. Cancellations travel over pub/sub
 * to whichever worker holds the execution.
 */
export class ExecutionQueue {
  private readonly connection: Redis
  private readonly queue: Queue
  private readonly cancelPublisher: Redis
  private cancelSubscriber: Redis | undefined
  private worker: Worker | undefined

  private readonly queueName: string
  private readonly cancelChannel: string

  constructor(
    private readonly redisUrl: string,
    namespace: string
  ) {
    this.queueName = `${namespace}-executions`
    this.cancelChannel = `${namespace}:execution-cancel`
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
    this.queue = new Queue(this.queueName, { connection: this.connection })
    this.cancelPublisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 })
  }

  /** Executions waiting to be picked up by a worker. */
  async waitingCount(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized')
    return Object.values(counts).reduce((sum, count) => sum + count, 0)
  }

  /** `jobId` defaults to the execution's id: the same execution is never queued twice at once. */
  async enqueue(job: ExecutionJob, jobId = job.executionId): Promise<void> {
    await this.queue.add('run', job, { jobId, removeOnComplete: true, removeOnFail: 1000 })
  }

  /** Runs jobs with `process`, at most `concurrency` at a time in this process. */
  startWorker(process: (job: ExecutionJob) => Promise<void>, concurrency: number): void {
    this.worker = new Worker<ExecutionJob>(this.queueName, (job) => process(job.data), {
      connection: new Redis(this.redisUrl, { maxRetriesPerRequest: null }),
      concurrency
    })
  }

  async publishCancel(executionId: string): Promise<void> {
    await this.cancelPublisher.publish(this.cancelChannel, executionId)
  }

  async onCancel(handler: (executionId: string) => void): Promise<void> {
    this.cancelSubscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: 2 })
    await this.cancelSubscriber.subscribe(this.cancelChannel)
    this.cancelSubscriber.on('message', (_channel: string, executionId: string) => handler(executionId))
  }

  async close(): Promise<void> {
    await this.worker?.close()
    await this.queue.close()
    this.cancelSubscriber?.disconnect()
    this.cancelPublisher.disconnect()
    this.connection.disconnect()
  }
}
