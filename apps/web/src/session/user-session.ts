import type { TokenPairResponse, UserResponse } from '@gatehouse/contracts';
import type { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthApiClient, CallContext } from '../auth-api/auth-api.client';
import { AuthApiError, isTokenRejected } from '../auth-api/auth-api.errors';
import type { SessionCookies } from './session-cookies';
import { LoginRequiredError, SessionExpiredError } from './session-errors';

/**
 * One request's view of the browser's session: the tokens in its cookies and the calls made
 * with them. An expired or refused access token is refreshed at most once per request (the
 * refresh token rotates, so the new pair goes straight back into the cookies); a refused
 * refresh clears the cookies and ends in SessionExpiredError (→ /login?next=…).
 */
export class UserSession {
  private accessToken?: string;
  private refreshToken?: string;
  private refreshing?: Promise<void>;
  private currentUser?: Promise<UserResponse>;

  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly client: AuthApiClient,
    private readonly cookies: SessionCookies,
    private readonly refreshMaxAge: number,
    private readonly logger: Logger,
  ) {
    this.accessToken = cookies.read(request, 'access');
    this.refreshToken = cookies.read(request, 'refresh');
  }

  get signedIn(): boolean {
    return Boolean(this.accessToken ?? this.refreshToken);
  }

  /** The context of a call on the user's behalf, without a token. */
  context(token?: string): CallContext {
    const userAgent = this.request.headers['user-agent'];
    return {
      traceId: String(this.request.id),
      token,
      ip: this.request.ip,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    };
  }

  /** Runs a call with the access token, refreshing it once if it is missing or refused. */
  async call<T>(fn: (ctx: CallContext) => Promise<T>): Promise<T> {
    if (!this.signedIn) throw new LoginRequiredError();
    if (!this.accessToken) await this.refreshOnce();
    const token = this.accessToken;
    try {
      return await fn(this.context(token));
    } catch (error) {
      if (!isTokenRejected(error)) throw error;
    }
    // A parallel call of this request may have refreshed already; otherwise refresh now.
    if (this.accessToken === token) await this.refreshOnce();
    try {
      return await fn(this.context(this.accessToken));
    } catch (error) {
      if (isTokenRejected(error)) {
        this.clear();
        throw new SessionExpiredError();
      }
      throw error;
    }
  }

  /** The signed-in user, fetched once per request. */
  me(): Promise<UserResponse> {
    return (this.currentUser ??= this.call((ctx) => this.client.me(ctx)));
  }

  /** Keeps a new token pair (after login or a refresh) in the cookies. */
  start(tokens: TokenPairResponse): void {
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.cookies.set(
      this.reply,
      'access',
      tokens.access_token,
      Math.max(tokens.expires_in - 30, 30),
    );
    this.cookies.set(this.reply, 'refresh', tokens.refresh_token, this.refreshMaxAge);
  }

  /** Revokes the refresh token at auth-api (best effort) and clears the cookies. */
  async logout(): Promise<void> {
    const refreshToken = this.refreshToken;
    this.clear();
    if (!refreshToken) return;
    try {
      await this.client.logout(this.context(), refreshToken);
    } catch (error) {
      this.logger.warn(
        `logout: the refresh token could not be revoked: ${(error as Error).message}`,
      );
    }
  }

  clear(): void {
    this.accessToken = undefined;
    this.refreshToken = undefined;
    this.currentUser = undefined;
    this.cookies.clear(this.reply, 'access');
    this.cookies.clear(this.reply, 'refresh');
  }

  private refreshOnce(): Promise<void> {
    return (this.refreshing ??= this.refresh());
  }

  private async refresh(): Promise<void> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) {
      this.clear();
      throw new SessionExpiredError();
    }
    try {
      this.start(await this.client.refresh(this.context(), refreshToken));
    } catch (error) {
      if (error instanceof AuthApiError && error.status < 500) {
        this.clear();
        throw new SessionExpiredError();
      }
      throw error;
    }
  }
}
