/** Where a request came from: recorded with sessions and audit events. */
export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
  traceId: string | null;
}

/** For work that no request started (bootstrap, background jobs). */
export const SYSTEM_CONTEXT: ClientContext = { ip: null, userAgent: null, traceId: null };
