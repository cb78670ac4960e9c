import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AppConfig } from '../../config/app-config';
import type { SsoProviderSettings } from '../../config/sso-providers';

/** Seconds a provider has to answer discovery and each later request. */
const PROVIDER_TIMEOUT_SECONDS = 5;

/** What the provider's ID token vouches for, once every check passed. */
export interface VerifiedClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/** The values of one authorization request, kept (hashed where secret) until its callback. */
export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The providers of SSO_PROVIDERS, through openid-client: discovery (cached per provider once
 * it succeeded; a failure is retried by the next request), the authorization URL with PKCE
 * S256, state and nonce, and the code exchange, which checks state, PKCE, the ID token's
 * signature (the provider's JWKS), issuer, audience, expiry and nonce. Every outbound call
 * has a timeout; an unreachable provider is SSO_PROVIDER_UNAVAILABLE (503), never a 500.
 */
@Injectable()
export class SsoClients {
  private readonly logger = new Logger(SsoClients.name);
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(private readonly config: AppConfig) {}

  list(): readonly SsoProviderSettings[] {
    return this.config.ssoProviders;
  }

  /** The provider's settings; NOT_FOUND for an id that is not configured. */
  settings(id: string): SsoProviderSettings {
    const found = this.list().find((p) => p.id === id);
    if (!found) throw new DomainError(DomainErrorCode.NotFound, `no provider "${id}"`);
    return found;
  }

  async authorizationUrl(provider: string, request: AuthorizationRequest): Promise<string> {
    const settings = this.settings(provider);
    const configuration = await this.configuration(settings);
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: request.redirectUri,
      scope: settings.scopes,
      state: request.state,
      nonce: request.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /** Exchanges the code of `callbackUrl`; SSO_RESPONSE_INVALID when any check fails. */
  async exchange(
    provider: string,
    callbackUrl: URL,
    request: AuthorizationRequest,
  ): Promise<VerifiedClaims> {
    const configuration = await this.configuration(this.settings(provider));
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: request.codeVerifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new DomainError(DomainErrorCode.SsoResponseInvalid, 'no ID token');
      return {
        subject: claims.sub,
        email: typeof claims['email'] === 'string' ? claims['email'] : null,
        emailVerified: claims['email_verified'] === true,
      };
    } catch (error) {
      throw this.refusal(provider, error);
    }
  }

  private configuration(settings: SsoProviderSettings): Promise<oidc.Configuration> {
    const cached = this.configurations.get(settings.id);
    if (cached) return cached;
    const loading = oidc
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: [
          // openid-client trusts the TLS of the token endpoint for the ID token by default
          // (OIDC Core 3.1.3.7); this also checks its signature against the provider's JWKS.
          oidc.enableNonRepudiationChecks,
          // http is accepted for loopback issuers only (sso-providers.ts refuses any other).
          ...(settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
        ],
      })
      .catch((error: unknown) => {
        this.configurations.delete(settings.id);
        throw this.refusal(settings.id, error, true);
      });
    this.configurations.set(settings.id, loading);
    return loading;
  }

  /**
   * A provider that does not answer (refused, timed out, a 5xx, no discovery document) is
   * unavailable; one whose answer fails a check is refused.
   */
  private refusal(provider: string, error: unknown, discovering = false): DomainError {
    if (error instanceof DomainError) return error;
    const unavailable =
      discovering ||
      isNetworkFailure(error) ||
      (error instanceof oidc.ResponseBodyError && error.status >= 500) ||
      (error instanceof oidc.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM');
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ msg: 'single sign-on refused', provider, unavailable, reason: message });
    if (unavailable)
      return new DomainError(
        DomainErrorCode.SsoProviderUnavailable,
        `the sign-in provider "${provider}" is not answering; try again later`,
      );
    const said = error instanceof oidc.AuthorizationResponseError ? ` (${error.error})` : '';
    return new DomainError(
      DomainErrorCode.SsoResponseInvalid,
      `the sign-in provider's answer was refused${said}; start again`,
    );
  }
}

/** fetch's own failures (refused, reset, DNS) and timeouts, however deep openid-client wraps them. */
function isNetworkFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return true;
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
    cause = cause.cause;
  }
  return false;
}
