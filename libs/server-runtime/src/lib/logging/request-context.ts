import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling a request is tagged with. */
export interface RequestContext {
  traceId: string;
}

/** Entered by the request-logging hook for the whole lifecycle of each request. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
