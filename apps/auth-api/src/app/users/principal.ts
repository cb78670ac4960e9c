import type { UserView } from './user.mapper';

/** The caller behind a verified access token, as loaded for this request. */
export interface Principal extends UserView {
  /** The session (refresh-token family) the access token was issued for. */
  sessionId: string;
}

/** What the per-request lookup returns before the guard judges it. */
export interface PrincipalRecord extends UserView {
  tokensValidAfter: Date | null;
  sessionLive: boolean;
}
