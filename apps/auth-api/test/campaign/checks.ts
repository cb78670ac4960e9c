import { STATUS_CODES } from 'node:http';
import type { Operation } from './openapi';
import type { WireResponse } from './transport';

/** A rule a response broke. `category` is what the report counts by. */
export interface Finding {
  category:
    | 'server-error'
    | 'undocumented-status'
    | 'error-shape'
    | 'stack-trace'
    | 'accepted-invalid'
    | 'rows-changed'
    | 'log'
    | 'no-answer';
  detail: string;
}

/** Frames, source paths and module paths: what a leaked stack trace or internal error holds. */
export const STACK_TRACE =
  /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/apps\/auth-api\/|\.[jt]s:\d+(:\d+)?/;

const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'traceId', 'code', 'errors']);

/** What is wrong with an error body, or undefined when it has the project's error shape. */
export function errorShapeProblem(response: WireResponse): string | undefined {
  const body = response.json as Record<string, unknown> | undefined;
  if (!response.headers['content-type']?.startsWith('application/json'))
    return `content-type ${response.headers['content-type'] ?? '(none)'}`;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const extra = Object.keys(body).filter((key) => !ERROR_KEYS.has(key));
  if (extra.length > 0) return `unexpected keys ${extra.join(', ')}`;
  if (body['statusCode'] !== response.status) return `statusCode ${String(body['statusCode'])}`;
  if (body['error'] !== STATUS_CODES[response.status]) return `error ${String(body['error'])}`;
  if (typeof body['message'] !== 'string' || body['message'] === '') return 'no message';
  if (typeof body['traceId'] !== 'string' || body['traceId'] === '') return 'no traceId';
  const header = response.headers['x-request-id'];
  if (header !== undefined && header !== body['traceId'])
    return 'traceId differs from X-Request-Id';
  if (body['code'] !== undefined && typeof body['code'] !== 'string') return 'code is not a string';
  const errors = body['errors'];
  if (
    errors !== undefined &&
    !(
      Array.isArray(errors) &&
      errors.every(
        (e: { field?: unknown; messages?: unknown }) =>
          typeof e.field === 'string' &&
          Array.isArray(e.messages) &&
          e.messages.every((m) => typeof m === 'string'),
      )
    )
  )
    return 'errors is not a list of {field, messages}';
  return undefined;
}

/** The per-response rules: no 5xx, a documented status, the error shape, no stack trace. */
export function checkResponse(
  operation: Operation,
  response: WireResponse,
  invalid: boolean,
): Finding[] {
  const findings: Finding[] = [];
  if (invalid && response.status < 300)
    findings.push({
      category: 'accepted-invalid',
      detail: `${response.status} for a request the document rules out`,
    });
  if (response.status >= 500)
    findings.push({
      category: 'server-error',
      detail: `${response.status} ${response.text.slice(0, 200)}`,
    });
  if (!operation.statuses.has(response.status))
    findings.push({
      category: 'undocumented-status',
      detail: `${response.status} not in [${[...operation.statuses].join(', ')}]`,
    });
  if (response.status >= 400) {
    const problem = errorShapeProblem(response);
    if (problem)
      findings.push({
        category: 'error-shape',
        detail: `${response.status}: ${problem}: ${response.text.slice(0, 200)}`,
      });
  }
  const leak = STACK_TRACE.exec(response.text);
  if (leak) findings.push({ category: 'stack-trace', detail: `body holds "${leak[0]}"` });
  return findings;
}
