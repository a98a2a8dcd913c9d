import { Writable } from 'node:stream'

/** Which output outgrew its cap: the logs, or the runner's result line. */
export type OutputOverflow = 'logs' | 'result'

type StreamName = 'stdout' | 'stderr'

const newline = 0x0a
/** Room on the result line for the marker and the `{"result":...}` envelope around the result itself. */
const reportEnvelopeBytes = 64
const stderrTailBytes = 2048

/**
 * Splits what a container writes into log lines and the runner's report (the text after `marker`
 * on stdout), keeping at most `maxOutputBytes` of logs and of the report. Past either cap it keeps
 * nothing more and calls `onOverflow` once, so the caller can kill the container.
 */
export class OutputCollector {
  readonly logs: string[] = []
  /** The JSON the runner printed after the marker, once it has. */
  report: string | undefined
  overflow: OutputOverflow | undefined
  /** The end of stderr, where a runtime that dies says why. */
  stderrTail = ''
  readonly stdout: Writable = this.sink('stdout')
  readonly stderr: Writable = this.sink('stderr')

  private logBytes = 0
  private readonly pending: Record<StreamName, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }
  private readonly marker: Buffer

  constructor(
    marker: string,
    private readonly maxOutputBytes: number,
    private readonly onOverflow: (overflow: OutputOverflow) => void = () => {}
  ) {
    this.marker = Buffer.from(marker)
  }

  push(stream: StreamName, chunk: Buffer): void {
    if (this.overflow) return
    if (stream === 'stderr') this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-stderrTailBytes)
    let buffered = Buffer.concat([this.pending[stream], chunk])
    for (let end = buffered.indexOf(newline); end >= 0 && !this.overflow; end = buffered.indexOf(newline)) {
      this.line(stream, buffered.subarray(0, end))
      buffered = buffered.subarray(end + 1)
    }
    this.pending[stream] = buffered
    if (!this.overflow) this.checkPending(stream, buffered)
  }

  /** Takes the lines that never got their newline. */
  finish(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream].length > 0 && !this.overflow) this.line(stream, this.pending[stream])
      this.pending[stream] = Buffer.alloc(0)
    }
  }

  private line(stream: StreamName, bytes: Buffer): void {
    const at = stream === 'stdout' ? bytes.indexOf(this.marker) : -1
    if (at < 0) return this.log(bytes)
    if (at > 0) this.log(bytes.subarray(0, at))
    const report = bytes.subarray(at + this.marker.length)
    if (report.length > this.maxOutputBytes + reportEnvelopeBytes) return this.overflowed('result')
    this.report ??= report.toString('utf8')
  }

  private log(bytes: Buffer): void {
    this.logBytes += bytes.length
    if (this.logBytes > this.maxOutputBytes) return this.overflowed('logs')
    this.logs.push(bytes.toString('utf8'))
  }

  /** A line still growing can break a cap before it ends (its tail may be the start of a marker). */
  private checkPending(stream: StreamName, bytes: Buffer): void {
    const at = stream === 'stdout' ? bytes.indexOf(this.marker) : -1
    if (at >= 0 && bytes.length - at - this.marker.length > this.maxOutputBytes + reportEnvelopeBytes) this.overflowed('result')
    const logPart = at >= 0 ? at : bytes.length - (stream === 'stdout' ? this.marker.length : 0)
    if (!this.overflow && this.logBytes + logPart > this.maxOutputBytes) this.overflowed('logs')
  }

  private overflowed(overflow: OutputOverflow): void {
    this.overflow = overflow
    this.onOverflow(overflow)
  }

  private sink(stream: StreamName): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.push(stream, chunk)
        done()
      }
    })
  }
}
