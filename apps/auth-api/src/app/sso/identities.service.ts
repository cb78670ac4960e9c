import type { IdentityResponse, LinkIdentityDto, SsoLinkedResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { ReauthService } from '../reauth/reauth.service';
import { SessionAuthTimeEntity } from '../reauth/session-auth-time.entity';
import type { Principal } from '../users/principal';
import { SignInMethodsRepository } from '../users/sign-in-methods.repository';
import { SsoAccountsService } from './sso-accounts.service';
import { SsoClients } from './sso-clients.service';
import { SsoFlowsRepository } from './sso-flows.repository';
import { UserIdentitiesRepository } from './user-identities.repository';

/** The signed-in user's linked provider accounts: list, confirm a pending link, unlink. */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly clients: SsoClients,
    private readonly identities: UserIdentitiesRepository,
    private readonly flows: SsoFlowsRepository,
    private readonly accounts: SsoAccountsService,
    private readonly signInMethods: SignInMethodsRepository,
    private readonly reauth: ReauthService,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async list(user: Principal): Promise<IdentityResponse[]> {
    const rows = await this.tx.run((m) => this.identities.ofUser(m, user.id));
    const names = new Map(this.clients.list().map((p) => [p.id, p.name]));
    return rows.map((row) => ({
      provider: row.provider,
      name: names.get(row.provider) ?? row.provider,
      email: row.email,
      linkedAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    }));
  }

  /**
   * Confirms a pending link. Only the account the email matched may, from a session that
   * proved the password (or a passkey, or a code) recently: a session opened by a provider
   * proves only that provider, so it must re-authenticate first.
   */
  async link(
    user: Principal,
    dto: LinkIdentityDto,
    client: ClientContext,
  ): Promise<SsoLinkedResponse> {
    const pending = await this.tx.run((m) => this.flows.find(m, dto.link_token, ['pending_link']));
    if (!pending?.subject)
      throw new DomainError(DomainErrorCode.SsoFlowInvalid, 'this link has expired or was used');
    if (pending.userId !== user.id)
      throw new DomainError(DomainErrorCode.Forbidden, 'this link is for another account');
    if (!(await this.provedOwnCredential(user)))
      throw new DomainError(
        DomainErrorCode.ReauthenticationRequired,
        'sign in with your password to link this provider',
      );
    const used = await this.tx.run((m) => this.flows.consume(m, dto.link_token, ['pending_link']));
    if (!used?.subject)
      throw new DomainError(DomainErrorCode.SsoFlowInvalid, 'this link has expired or was used');
    await this.accounts.link(user.id, used.provider, used.subject, used.email, client);
    return { linked: true, provider: used.provider };
  }

  /** Never the last way to sign in (LAST_SIGN_IN_METHOD), checked in the removing transaction. */
  async unlink(user: Principal, provider: string, client: ClientContext): Promise<void> {
    await this.tx.run(async (m) => {
      const linked = await this.identities.ofUser(m, user.id);
      if (!linked.some((i) => i.provider === provider))
        throw new DomainError(DomainErrorCode.NotFound, `no linked account at "${provider}"`);
      await this.signInMethods.assertAnotherRemains(m, user.id, 'provider');
      await this.identities.remove(m, user.id, provider);
      await this.audit.recordIn(m, {
        type: AuditEventType.IdentityUnlinked,
        userId: user.id,
        client,
        details: { provider },
      });
    });
  }

  private async provedOwnCredential(user: Principal): Promise<boolean> {
    if (!(await this.reauth.isRecent(user))) return false;
    return this.tx.run(async (m) => {
      const reproved = await m.countBy(SessionAuthTimeEntity, { familyId: user.sessionId });
      return reproved > 0 || !(await this.flows.openedBySso(m, user.sessionId));
    });
  }
}
