import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { SignatureV4 } from '@smithy/signature-v4'

/** The signer's hash, on node:crypto (the SDK's own Node hash package is not in the installed tree). */
class NodeSha256 {
  private hash: Hash | Hmac
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh()
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256')
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(ArrayBuffer.isView(this.secret) ? this.secret.buffer.slice(this.secret.byteOffset, this.secret.byteOffset + this.secret.byteLength) : this.secret)
    return createHmac('sha256', key)
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {
    this.hash = this.fresh()
  }
}

export interface SigningKey {
  accessKeyId: string
  secretAccessKey: string
  region: string
}

export interface SignedRequest {
  method: string
  /** The path as sent, still percent-encoded (`/model/amazon.nova-lite-v1%3A0/converse`). */
  rawPath: string
  headers: IncomingHttpHeaders
  body: string
}

/** Why Bedrock would refuse a request's signature (its error type and message), or undefined when it is right. */
export type SignatureProblem = { type: 'UnrecognizedClientException' | 'InvalidSignatureException' | 'MissingAuthenticationTokenException'; message: string }

const authorizationPattern = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/

/**
 * Checks a request's SigV4 signature as Bedrock does: the key id must be the one the stand-in
 * knows, the scope its region and the `bedrock` service, and the signature the one
 * `@smithy/signature-v4` computes from the method, the path, the signed headers and the body.
 */
export async function signatureProblem(request: SignedRequest, key: SigningKey): Promise<SignatureProblem | undefined> {
  const authorization = request.headers.authorization
  if (!authorization) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  const match = authorizationPattern.exec(authorization)
  if (!match) return { type: 'InvalidSignatureException', message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.replace(/Signature=.*/, '')}` }
  const [, accessKeyId, , region, service, signedHeaders, signature] = match
  if (accessKeyId !== key.accessKeyId) return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }
  if (region !== key.region || service !== 'bedrock') {
    return { type: 'InvalidSignatureException', message: `Credential should be scoped to a valid region, not '${region}'. Credential should be scoped to correct service: 'bedrock'.` }
  }
  const amzDate = String(request.headers['x-amz-date'] ?? '')
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'))
  if (Number.isNaN(signingDate.getTime())) return { type: 'InvalidSignatureException', message: 'X-Amz-Date header is missing or malformed' }
  const headers = Object.fromEntries(signedHeaders!.split(';').map((name) => [name, String(request.headers[name] ?? '')]))
  const [host, port] = (headers.host ?? '').split(':')
  const signer = new SignatureV4({ credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, region: key.region, service: 'bedrock', sha256: NodeSha256 })
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: host!, port: port ? Number(port) : undefined, path: request.rawPath, query: {}, headers, body: request.body },
    { signingDate }
  )
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1]
  if (expected !== signature) {
    return { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' }
  }
  return undefined
}
