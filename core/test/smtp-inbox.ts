import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** A message as the SMTP server received it, with its plain text decoded. */
export interface DeliveredMail {
  to: string[]
  subject: string
  text: string
  raw: string
}

/**
 * Decodes a single-part text message as nodemailer writes it (7bit, quoted-printable or base64).
 * Hand-written because `mailparser` is not installed and a text-only message needs no more.
 */
export function parseMail(raw: string, to: string[]): DeliveredMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
        : body
  return { to, subject: header('Subject'), text, raw }
}

/** The link with a `token` query parameter a message carries, and that token. */
export function linkIn(mail: DeliveredMail): { url: string; token: string } {
  const match = /https?:\/\/\S+?[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)
  if (!match) throw new Error(`no link in: ${mail.text}`)
  return { url: match[0], token: match[1]! }
}

export interface SmtpInbox {
  port: number
  messages: DeliveredMail[]
  /** The first message to `address` (waiting for it to arrive). */
  next(address: string, timeoutMs?: number): Promise<DeliveredMail>
  close(): Promise<void>
}

/** A real SMTP server on 127.0.0.1 (no TLS, any or no login) that keeps what it receives. */
export async function startSmtpInbox(port = 0): Promise<SmtpInbox> {
  const messages: DeliveredMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase())))
        callback()
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    async next(address, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const index = messages.findIndex((mail) => mail.to.includes(address.toLowerCase()))
        if (index >= 0) return messages.splice(index, 1)[0]!
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Proves `email`'s address with the verification link the server mailed it (at signup), as its owner would. */
export async function confirmMailedAddress(serverUrl: string, inbox: SmtpInbox, email: string): Promise<void> {
  const mail = await inbox.next(email)
  if (!/Confirm your email/.test(mail.subject)) throw new Error(`expected the verification mail, got: ${mail.subject}`)
  const { token } = linkIn(mail)
  const response = await fetch(`${serverUrl}/api/v1/email-verification-confirmations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token })
  })
  if (response.status !== 200) throw new Error(`confirming ${email}: ${response.status} ${await response.text()}`)
}
