import nodemailer from 'nodemailer'
import type { Logger } from 'pino'

/** One message carrying one link: an invitation, a password reset. */
export interface LinkMessage {
  to: string
  subject: string
  /** The text before the link. */
  intro: string
  /** Holds a secret token: it goes into the message and nowhere else. */
  link: string
  /** The text after the link (how long it works, what to do if it was not you). */
  outro: string
}

/** Sends Troupe's mail. */
export interface Mailer {
  /** Whether messages really leave (SMTP configured). */
  readonly delivers: boolean
  send(message: LinkMessage): Promise<void>
  close(): void
}

function textOf(message: LinkMessage): string {
  return `${message.intro}\n\n${message.link}\n\n${message.outro}\n`
}

/**
 * Mail through `TROUPE_SMTP_URL` with nodemailer. Links never reach the logs: a failed delivery
 * is logged with its error only (nodemailer's own logger stays off, it would print the message).
 */
function smtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    delivers: true,
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: textOf(message) })
      logger.info({ subject: message.subject }, 'mail sent')
    },
    close: () => transport.close()
  }
}

/**
 * Without SMTP (`npm start` on a laptop) the link is logged at info level, so whoever runs the
 * server can pass it on; the line says why.
 */
function loggingMailer(logger: Logger): Mailer {
  return {
    delivers: false,
    async send(message) {
      logger.info({ subject: message.subject }, `no SMTP configured (TROUPE_SMTP_URL): the link is ${message.link}`)
    },
    close: () => undefined
  }
}

export function createMailer(config: { smtpUrl?: string; mailFrom: string }, logger: Logger): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom, logger) : loggingMailer(logger)
}
