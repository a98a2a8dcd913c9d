/**
 * The SMTP port the journeys' server mails to (`TROUPE_SMTP_URL` in playwright.config.ts); a
 * journey that reads mail starts the inbox on it (`startSmtpInbox` of the core's tests).
 */
export const smtpPort = Number(process.env.TROUPE_E2E_SMTP_PORT ?? Number(process.env.TROUPE_E2E_PORT ?? 3917) + 1)

export { linkIn, startSmtpInbox, type SmtpInbox } from '../../core/test/smtp-inbox.ts'
