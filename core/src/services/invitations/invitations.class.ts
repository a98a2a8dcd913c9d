import { BadRequest, Conflict, Forbidden } from '@feathersjs/errors'
import type { KnexAdapterOptions } from '@feathersjs/knex'
import type { Invitation, InvitationData } from '@troupe/sdk'
import { hashToken, randomToken } from '../../auth/secure-token.js'
import type { Application } from '../../declarations.js'
import { emailLink } from '../../email/email-link.js'
import { TenantRowsService, type TenantRowsParams } from '../tenant-rows-service.js'
import { normalizeEmail } from '../users/email-availability.js'

/** How long an invitation link works. */
export const invitationTtlMs = 7 * 24 * 3600 * 1000

const listedColumns = ['id', 'tenantId', 'email', 'role', 'invitedBy', 'createdAt', 'expiresAt']

/**
 * Pending invitations of the caller's tenant. The token is mailed once and stored only as its
 * hash; listing shows unexpired invitations, removing one revokes it. Accepting deletes the row
 * (`InvitationAcceptancesService`).
 */
export class InvitationsService extends TenantRowsService<Invitation, InvitationData, TenantRowsParams> {
  constructor(
    options: KnexAdapterOptions,
    private readonly app: Application
  ) {
    super(options)
  }

  createQuery(params: TenantRowsParams = {}) {
    const builder = super.createQuery(params).where('invitations.expiresAt', '>', new Date())
    if (!params.query?.$select) builder.clearSelect().select(listedColumns.map((column) => `invitations.${column}`))
    return builder
  }

  async create(data: InvitationData, params?: TenantRowsParams): Promise<Invitation>
  async create(data: InvitationData[], params?: TenantRowsParams): Promise<Invitation[]>
  async create(data: InvitationData | InvitationData[], params?: TenantRowsParams): Promise<Invitation | Invitation[]>
  async create(data: InvitationData | InvitationData[], params: TenantRowsParams = {}): Promise<Invitation | Invitation[]> {
    if (Array.isArray(data)) throw new BadRequest('Invite one address at a time')
    const principal = params.principal
    if (!principal) throw new Forbidden('Invitations come from a user')
    const email = normalizeEmail(data.email)
    const knex = this.getModel(params)
    // Mail goes out in the inviter's name: an unproven address could make the server a spam relay.
    const inviter = await knex('users').withSchema('public').where({ id: principal.userId }).first('emailVerifiedAt')
    if (!inviter?.emailVerifiedAt) {
      throw new Forbidden('Confirm your own email address before inviting others: open the link we mailed you, or ask for a new one (POST /api/v1/email-verifications)')
    }
    // Only the tenant's own users are named: an address of another tenant is invited like any
    // other (its acceptance gets the neutral "cannot be used"), so admins cannot probe addresses.
    const member = await knex('users').withSchema('public').where({ email, tenantId: principal.tenantId }).first('id')
    if (member) throw new Conflict('email already belongs to a user of this workspace', [{ field: 'email', message: 'is already a user of this workspace' }])

    const token = randomToken()
    // A new invitation of an address replaces its pending one: one live link per address.
    await knex('invitations').withSchema('public').where({ tenantId: principal.tenantId, email }).delete()
    const invitation = (await this._create(
      {
        email,
        role: data.role,
        tokenHash: hashToken(token),
        invitedBy: principal.userId,
        expiresAt: new Date(Date.now() + invitationTtlMs)
      } as unknown as InvitationData,
      params
    )) as Invitation
    try {
      await this.mail(invitation, token)
    } catch (error) {
      // No link went out: nothing is left pending that nobody can accept.
      await knex('invitations').withSchema('public').where({ id: invitation.id }).delete()
      throw error
    }
    return invitation
  }

  private async mail(invitation: Invitation, token: string) {
    const tenant = await this.app.get('models').Tenant.query().findById(invitation.tenantId)
    await this.app.get('mailer').send({
      to: invitation.email,
      subject: `You are invited to ${tenant?.name ?? 'a workspace'} on Troupe`,
      intro: `You are invited to join ${tenant?.name ?? 'a workspace'} on Troupe as ${invitation.role}. Open this link to choose your name and password:`,
      link: emailLink(this.app.get('config').publicUrl, '/invitations/accept', token),
      outro: 'The link works once, for 7 days. If you did not expect this invitation, ignore this message.'
    })
  }
}
