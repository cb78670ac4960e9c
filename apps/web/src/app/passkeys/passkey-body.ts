import { field } from '../../common/forms/form-fields';

/**
 * The flow id and the authenticator's answer from a passkeys.js request, passed on as they
 * are: auth-api validates them (and refuses malformed ones with 400).
 */
export function assertionOf(body: unknown): { flowId: string; response: unknown } {
  const response =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['response']
      : undefined;
  return { flowId: field(body, 'flowId'), response };
}
