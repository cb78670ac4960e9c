import type {
  MfaEnrollmentRequiredResponse,
  MfaRequiredResponse,
  SsoCallbackDto,
  SsoIntent,
  SsoLinkedResponse,
  SsoLinkRequiredResponse,
  SsoProviderResponse,
  SsoStartResponse,
  StartSsoDto,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { ReauthService } from '../reauth/reauth.service';
import { hashToken } from '../sessions/opaque-token';
import type { Principal } from '../users/principal';
import { SsoAccountsService } from './sso-accounts.service';
import { type AuthorizationRequest, SsoClients } from './sso-clients.service';
import { SsoFlowsRepository } from './sso-flows.repository';

export type SsoCallbackResult =
  | TokenPairResponse
  | MfaRequiredResponse
  | MfaEnrollmentRequiredResponse
  | SsoLinkRequiredResponse
  | SsoLinkedResponse;

const FLOW_INVALID = 'this sign-in has expired or was already used; start again';

/**
 * The flow at a provider: start (authorization URL; state, nonce and PKCE verifier stored,
 * the flow_token handed to the browser that started it) and callback (the flow used up once,
 * the provider's answer checked, then sign-in, sign-up, a pending link or a link).
 */
@Injectable()
export class SsoService {
  constructor(
    private readonly config: AppConfig,
    private readonly clients: SsoClients,
    private readonly flows: SsoFlowsRepository,
    private readonly accounts: SsoAccountsService,
    private readonly reauth: ReauthService,
    private readonly tx: TransactionService,
  ) {}

  providers(): SsoProviderResponse[] {
    return this.clients.list().map(({ id, name }) => ({ id, name }));
  }

  async start(
    provider: string,
    dto: StartSsoDto,
    user: Principal | undefined,
  ): Promise<SsoStartResponse> {
    this.clients.settings(provider);
    const intent: SsoIntent = dto.intent ?? 'sign_in';
    if (intent === 'link') await this.assertRecentSignIn(user);
    const redirectUri = this.redirectUri(provider, dto.redirect_uri);
    const request: AuthorizationRequest = {
      redirectUri,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const authorizationUrl = await this.clients.authorizationUrl(provider, request);
    const ttl = this.config.SSO_FLOW_TTL_SECONDS;
    const flowToken = await this.tx.run((m) =>
      this.flows.create(
        m,
        {
          intent,
          provider,
          stateHash: hashToken(request.state),
          nonce: request.nonce,
          codeVerifier: request.codeVerifier,
          redirectUri,
          userId: intent === 'link' ? (user?.id ?? null) : null,
          sessionId: intent === 'link' ? (user?.sessionId ?? null) : null,
          subject: null,
          email: null,
        },
        ttl,
      ),
    );
    return { authorization_url: authorizationUrl, flow_token: flowToken, expires_in: ttl };
  }

  async callback(
    provider: string,
    dto: SsoCallbackDto,
    client: ClientContext,
  ): Promise<SsoCallbackResult> {
    this.clients.settings(provider);
    const flow = await this.tx.run((m) =>
      this.flows.consume(m, dto.flow_token, ['sign_in', 'link']),
    );
    if (
      !flow ||
      flow.provider !== provider ||
      !flow.stateHash ||
      !flow.nonce ||
      !flow.codeVerifier ||
      !flow.redirectUri
    )
      throw new DomainError(DomainErrorCode.SsoFlowInvalid, FLOW_INVALID);
    // The provider's answer is the query; the URL it came to is the one this flow registered
    // (a proxy in front of the web app may name its host differently).
    const callbackUrl = new URL(flow.redirectUri);
    callbackUrl.search = new URL(dto.callback_url).search;
    const state = callbackUrl.searchParams.get('state');
    // The state must be this flow's: a callback from another flow (login CSRF) stops here.
    if (!state || hashToken(state) !== flow.stateHash)
      await this.accounts.refuse(provider, 'state_mismatch', client);
    const claims = await this.clients
      .exchange(provider, callbackUrl, {
        redirectUri: flow.redirectUri,
        state: state ?? '',
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
      })
      .catch((error: unknown) => this.accounts.refuse(provider, 'response_invalid', client, error));
    if (flow.intent === 'link') return this.accounts.linkStarted(flow, claims, client);
    return this.accounts.signIn(flow, claims, client);
  }

  private redirectUri(provider: string, requested: string | undefined): string {
    const own = `${this.config.WEB_BASE_URL.replace(/\/+$/, '')}/auth/sso/${provider}/callback`;
    if (requested === undefined || requested === own) return own;
    if (this.config.SSO_REDIRECT_URIS.includes(requested)) return requested;
    throw new DomainError(
      DomainErrorCode.SsoFlowInvalid,
      'redirect_uri is not allowed: use the web app callback or one in SSO_REDIRECT_URIS',
    );
  }

  private async assertRecentSignIn(user: Principal | undefined): Promise<void> {
    if (!user) throw new DomainError(DomainErrorCode.Unauthenticated, 'sign in first to link');
    if (!(await this.reauth.isRecent(user)))
      throw new DomainError(
        DomainErrorCode.ReauthenticationRequired,
        'confirm it is you first (POST /auth/reauthenticate), then link the provider',
      );
  }
}
