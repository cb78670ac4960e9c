/** Where a request came from, recorded with sessions (and audit events). */
export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
}
