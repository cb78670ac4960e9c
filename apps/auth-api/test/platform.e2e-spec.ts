import { signedInUser } from './support/accounts';
import { databases } from './support/databases';
import { startApp, useTestApp } from './support/test-app';

describe.each(databases())('health, docs and HTTP hygiene [%s]', (kind) => {
  const { sut, db } = useTestApp(kind);

  it('reports healthy with the database up and no Redis configured', async () => {
    const response = await sut.http.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', db: true, redis: false });
    expect((await sut.http.get('/health/live')).body).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const response = await sut.http.get('/nope');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      traceId: expect.any(String),
    });
  });

  it('makes an 8-character trace id, echoes it, and keeps a valid incoming one', async () => {
    const made = await sut.http.get('/auth/me');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    expect(made.body.traceId).toBe(made.headers.get('x-request-id'));
    const kept = await sut.http.get('/auth/me', { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc');
    expect(kept.body.traceId).toBe('lb-1234.abc');
    const replaced = await sut.http.get('/auth/me', {
      headers: { 'x-request-id': 'bad id<script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('sends security headers', async () => {
    const { headers } = await sut.http.get('/health/live');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('forbids caching every answer, success or error, except the public keys', async () => {
    const { email, password, tokens } = await signedInUser(sut.http);
    const token = tokens.access_token;
    const answers = [
      await sut.http.get('/auth/me', { token }),
      await sut.http.get('/auth/me'),
      await sut.http.post('/auth/2fa/setup', undefined, { token }),
      await sut.http.post('/auth/login', { email, password }),
      await sut.http.post('/auth/login', { email, password: 'not the password' }),
      await sut.http.post('/auth/login', { email }),
      await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token }),
      await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token }),
      await sut.http.post('/auth/login/mfa', { mfa_token: 'x'.repeat(43), code: '123456' }),
      await sut.http.get('/auth/sessions', { token }),
      await sut.http.get('/users', { token }),
      await sut.http.get('/nope'),
      await sut.http.get('/health'),
    ];
    expect(answers.map((r) => [r.status, r.headers.get('cache-control')])).toEqual(
      answers.map((r) => [r.status, 'no-store']),
    );
    const jwks = await sut.http.get('/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('allows CORS only from the allow-list', async () => {
    const preflight = (origin: string) =>
      sut.http.request('OPTIONS', '/auth/login', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect(
      (await preflight('http://localhost:8001')).headers.get('access-control-allow-origin'),
    ).toBe('http://localhost:8001');
    expect(
      (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('serves the Swagger UI and an OpenAPI 3 document covering every endpoint', async () => {
    const ui = await sut.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = (await sut.http.get('/docs-json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/.well-known/jwks.json',
        '/audit-events',
        '/audit-events/daily',
        '/auth/2fa/disable',
        '/auth/2fa/enable',
        '/auth/2fa/recovery-codes',
        '/auth/2fa/setup',
        '/auth/change-email',
        '/auth/change-password',
        '/auth/confirm-email-change',
        '/auth/forgot-password',
        '/auth/login',
        '/auth/login/mfa',
        '/auth/login/mfa-enrollment/enable',
        '/auth/login/mfa-enrollment/setup',
        '/auth/logout',
        '/auth/logout-all',
        '/auth/me',
        '/auth/me/password',
        '/auth/passkeys',
        '/auth/passkeys/authentication',
        '/auth/passkeys/authentication/options',
        '/auth/passkeys/registration/options',
        '/auth/passkeys/{id}',
        '/auth/reauthenticate',
        '/auth/reauthenticate/passkey',
        '/auth/reauthenticate/passkey/options',
        '/auth/refresh',
        '/auth/register',
        '/auth/resend-verification',
        '/auth/reset-password',
        '/auth/sessions',
        '/auth/sessions/{id}',
        '/auth/sso/identities',
        '/auth/sso/identities/{provider}',
        '/auth/sso/link',
        '/auth/sso/providers',
        '/auth/sso/{provider}/callback',
        '/auth/sso/{provider}/start',
        '/auth/verify-email',
        '/health',
        '/health/live',
        '/roles',
        '/users',
        '/users/stats',
        '/users/{id}',
        '/users/{id}/roles',
        '/users/{id}/sessions',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
    for (const [path, method] of [
      ['/auth/2fa/setup', 'post'],
      ['/auth/2fa/enable', 'post'],
      ['/auth/2fa/recovery-codes', 'post'],
      ['/auth/change-email', 'post'],
      ['/auth/sessions/{id}', 'delete'],
    ] as const)
      expect(doc.paths[path][method].responses['403'].description).toContain(
        'REAUTHENTICATION_REQUIRED',
      );
    expect(doc.components.schemas.RegisterUserDto.properties.email.example).toBe('ada@example.com');
    expect(doc.components.schemas.ErrorResponse.required).toEqual(
      expect.arrayContaining(['statusCode', 'error', 'message', 'traceId']),
    );
    expect(
      doc.paths['/auth/login'].post.responses['401'].content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/ErrorResponse');
    expect(
      doc.paths['/auth/login'].post.responses['200'].content['application/json'].schema.oneOf,
    ).toContainEqual({ $ref: '#/components/schemas/MfaEnrollmentRequiredResponse' });
    const enable = doc.paths['/auth/login/mfa-enrollment/enable'].post;
    expect(enable.security).toBeUndefined();
    expect(Object.keys(enable.responses).sort()).toEqual(
      [
        ...['200', '400', '401', '409', '429'],
        // and what the HTTP layer answers on every operation (platform-errors.ts)
        ...['408', '413', '415', '431', '503'],
      ].sort(),
    );
    expect(doc.components.schemas.MfaEnrollmentCompletedResponse.required).toEqual(
      expect.arrayContaining(['access_token', 'refresh_token', 'recoveryCodes']),
    );
  });

  it('reports degraded with 503 when the database stops answering', async () => {
    const other = await startApp(db, { DATABASE_MIGRATE: 'false' });
    await other.dataSource.destroy();
    try {
      const response = await other.http.get('/health');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'degraded', db: false, redis: false });
      expect((await other.http.get('/health/live')).status).toBe(200);
    } finally {
      await other.app.close().catch(() => undefined);
    }
  });
});
