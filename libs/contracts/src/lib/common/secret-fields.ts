/**
 * Request and response fields that carry a secret: passwords, tokens, one-time codes. Logs
 * redact them wherever they appear; adding a field that carries a secret means adding it here.
 */
export const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'access_token',
  'refresh_token',
  'token',
  'mfa_token',
  'enrollment_token',
  'flow_token',
  'link_token',
  'callback_url',
  'code',
  'secret',
] as const;

/**
 * pino `redact` paths: the credential headers of a logged request and response, and every
 * secret field (plus an app's own) as a property of any logged object (pino's `*.field`).
 */
export function logRedactionPaths(extraFields: readonly string[] = []): string[] {
  return [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    ...[...SECRET_FIELDS, ...extraFields].map((field) => `*.${field}`),
  ];
}
