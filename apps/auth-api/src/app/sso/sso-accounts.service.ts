import type {
  MfaEnrollmentRequiredResponse,
  MfaRequiredResponse,
  SsoLinkedResponse,
  SsoLinkRequiredResponse,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { LoginService } from '../auth/login.service';
import type { CredentialAttempt } from '../rate-limit/credential-attempts.service';
import { CredentialsRepository } from '../users/credentials.repository';
import { PrincipalRepository } from '../users/principal.repository';
import { UsersService } from '../users/users.service';
import type { VerifiedClaims } from './sso-clients.service';
import type { SsoFlowEntity } from './sso-flow.entity';
import { SsoFlowsRepository } from './sso-flows.repository';
import { UserIdentitiesRepository } from './user-identities.repository';

/** A provider sign-in compares no secret of ours: nothing to count or uncount. */
const NO_ATTEMPT: CredentialAttempt = {
  failed: () => Promise.resolve(),
  passed: () => Promise.resolve(),
  signedIn: () => Promise.resolve(),
};

/**
 * What a checked provider answer does. A linked provider account signs in its account; an
 * unknown one with a verified email that no account has makes a passwordless account; one
 * whose email an account has only gets a pending link that the owner must confirm signed in
 * (an email match alone never links: whoever controls an address at some provider would
 * otherwise take over the account).
 */
@Injectable()
export class SsoAccountsService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly credentials: CredentialsRepository,
    private readonly principals: PrincipalRepository,
    private readonly logins: LoginService,
    private readonly identities: UserIdentitiesRepository,
    private readonly flows: SsoFlowsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async signIn(
    flow: SsoFlowEntity,
    claims: VerifiedClaims,
    client: ClientContext,
  ): Promise<
    | TokenPairResponse
    | MfaRequiredResponse
    | MfaEnrollmentRequiredResponse
    | SsoLinkRequiredResponse
  > {
    const provider = flow.provider;
    const linked = await this.tx.run((m) => this.identities.bySubject(m, provider, claims.subject));
    if (linked) return this.openSession(flow, linked.userId, client);
    if (!claims.email || !claims.emailVerified)
      return this.refuse(provider, 'email_not_verified', client);
    const existing = await this.users.findByEmail(claims.email);
    if (existing) {
      const linkToken = await this.tx.run((m) =>
        this.flows.create(
          m,
          {
            intent: 'pending_link',
            provider,
            stateHash: null,
            nonce: null,
            codeVerifier: null,
            redirectUri: null,
            userId: existing.id,
            sessionId: null,
            subject: claims.subject,
            email: claims.email,
          },
          this.config.SSO_FLOW_TTL_SECONDS,
        ),
      );
      return { link_required: true, link_token: linkToken, email: existing.email, provider };
    }
    const created = await this.users.create({
      email: claims.email,
      passwordHash: null,
      isVerified: true,
    });
    await this.tx.run(async (m) => {
      await this.identities.insert(m, created.id, provider, claims.subject, claims.email);
      await this.audit.recordIn(m, {
        type: AuditEventType.UserRegistered,
        userId: created.id,
        client,
        details: { method: 'sso', provider },
      });
    });
    return this.openSession(flow, created.id, client);
  }

  /** intent=link: the provider account joins the account that started the flow. */
  async linkStarted(
    flow: SsoFlowEntity,
    claims: VerifiedClaims,
    client: ClientContext,
  ): Promise<SsoLinkedResponse> {
    // The session that started the link must still be live: signing out (or being signed out
    // by an admin or a password change) abandons the link.
    const started =
      flow.userId && flow.sessionId
        ? await this.principals.find(flow.userId, flow.sessionId)
        : null;
    if (!started?.sessionLive || !started.isActive)
      throw new DomainError(
        DomainErrorCode.SsoFlowInvalid,
        'the session that started this link has ended; sign in and start again',
      );
    await this.link(started.id, flow.provider, claims.subject, claims.email, client);
    return { linked: true, provider: flow.provider };
  }

  /** Links inside one transaction; SSO_IDENTITY_TAKEN if either side is linked elsewhere. */
  async link(
    userId: string,
    provider: string,
    subject: string,
    email: string | null,
    client: ClientContext,
  ): Promise<void> {
    await this.tx.run(async (m) => {
      const owner = await this.identities.bySubject(m, provider, subject);
      if (owner?.userId === userId) return;
      if (owner || (await this.identities.ofUser(m, userId)).some((i) => i.provider === provider))
        throw new DomainError(
          DomainErrorCode.SsoIdentityTaken,
          owner
            ? 'this provider account is linked to another account'
            : 'an account at this provider is linked already; unlink it first',
        );
      await this.identities.insert(m, userId, provider, subject, email);
      await this.audit.recordIn(m, {
        type: AuditEventType.IdentityLinked,
        userId,
        client,
        details: { provider },
      });
    });
  }

  /** Audits a refused callback (sso.failed) and throws what the caller should see. */
  async refuse(
    provider: string,
    reason: 'state_mismatch' | 'email_not_verified' | 'response_invalid',
    client: ClientContext,
    cause?: unknown,
  ): Promise<never> {
    const unavailable =
      cause instanceof DomainError && cause.code === DomainErrorCode.SsoProviderUnavailable;
    await this.audit.record({
      type: AuditEventType.SsoFailed,
      client,
      details: { provider, reason: unavailable ? 'provider_unavailable' : reason },
    });
    if (cause instanceof DomainError) throw cause;
    if (reason === 'email_not_verified')
      throw new DomainError(
        DomainErrorCode.SsoEmailNotVerified,
        'the provider does not confirm that this email address is yours; verify it there first',
      );
    throw new DomainError(
      DomainErrorCode.SsoResponseInvalid,
      "the sign-in provider's answer does not belong to this sign-in; start again",
    );
  }

  private async openSession(
    flow: SsoFlowEntity,
    userId: string,
    client: ClientContext,
  ): Promise<TokenPairResponse | MfaRequiredResponse | MfaEnrollmentRequiredResponse> {
    const user = await this.users.findById(userId);
    const account = user ? await this.credentials.findByEmail(user.email) : null;
    if (!account?.isActive)
      throw new DomainError(DomainErrorCode.AccountInactive, 'this account is deactivated');
    await this.tx.run((m) => this.identities.used(m, flow.provider, account.id));
    const step = await this.logins.nextStep(account);
    if (step) return step;
    const opened = await this.logins.open(account, client, NO_ATTEMPT, false, {
      method: 'sso',
      provider: flow.provider,
    });
    await this.tx.run((m) => this.flows.openedSession(m, flow.id, opened.sessionId));
    return opened.tokens;
  }
}
