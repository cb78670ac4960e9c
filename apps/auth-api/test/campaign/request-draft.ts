import { toJsonText } from './json-text';
import type { Operation } from './openapi';

/** A request being built: valid from the baseline, then changed by one mutation. */
export interface Draft {
  method: string;
  /** Path parameters as raw URL text (already percent-encoded, or deliberately not). */
  pathParams: Record<string, string>;
  /** Query pairs as raw URL text. */
  query: [string, string][];
  /** The body as a value (serialised with toJsonText), or undefined for none. */
  body?: unknown;
  /** Bytes sent instead of `body`. */
  rawBody?: Buffer;
  headers: Record<string, string>;
  /** Send the body without a content-type header. */
  omitContentType?: boolean;
}

/** What is written to the socket. */
export interface WireRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * Percent-encodes any string, lone surrogates included: they become the three bytes UTF-8
 * would give them (%ED%A0%80), which are not valid UTF-8, as a hostile client may send.
 */
export function encodeComponent(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && /[\udc00-\udfff]/.test(text[i + 1] ?? '');
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i] ?? '');
    }
  }
  return out;
}

/** The bytes of a draft. */
export function render(operation: Operation, draft: Draft): WireRequest {
  const path = operation.path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => draft.pathParams[name] ?? '',
  );
  const query = draft.query
    .map(([k, v]) => (v === '' && k.endsWith('=') ? k : `${k}=${v}`))
    .join('&');
  const headers = { ...draft.headers };
  let body = draft.rawBody;
  if (!body && draft.body !== undefined) body = Buffer.from(toJsonText(draft.body), 'utf8');
  if (
    body &&
    !draft.omitContentType &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  )
    headers['content-type'] = 'application/json';
  return { method: draft.method, target: query ? `${path}?${query}` : path, headers, body };
}
