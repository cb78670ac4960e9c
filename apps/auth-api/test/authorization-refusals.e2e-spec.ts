import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, signedInUser } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { HttpClient, type HttpResponse } from './support/http-client';
import { accessClaims, decode, signHs256 } from './support/jwt';
import { freePort, spawnApi, type SpawnedApi, waitForHealth } from './support/spawn-api';
import { TEST_JWT_SECRET } from './support/test-app';

interface AuditEvent {
  type: string;
  userId: string | null;
  actorId: string | null;
  traceId: string | null;
  details: Record<string, unknown>;
}

/** Starting from source compiles the app first: slow on a busy machine. */
const STARTUP_MS = 150_000;

/**
 * The real process (its JSON log on stdout, read once it has stopped): every refused bearer
 * token and every missing permission is a warn line; a missing permission is also audited.
 */
describe.each(databases())('authorisation refusals, logged and audited [%s]', (kind) => {
  let db: TestDatabase;
  let api: SpawnedApi;
  let http: HttpClient;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-refusals-'));
    const port = await freePort();
    api = spawnApi({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      ARGON2_MEMORY_KIB: '8192',
      ARGON2_ITERATIONS: '1',
      DATA_DIR: dataDir,
      MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
      ...ADMIN_ENV,
    });
    http = new HttpClient(`http://127.0.0.1:${port}`);
    await waitForHealth(http.baseUrl, api, STARTUP_MS);
    admin = (await login(http, ADMIN.email, ADMIN.password)).access_token;
  }, STARTUP_MS + 30_000);
  afterAll(async () => {
    api.child.kill('SIGKILL');
    await api.exited;
    await db.drop();
  });

  const deniedEvents = async (userId: string): Promise<AuditEvent[]> =>
    (
      await http.get(`/audit-events?type=access.denied&userId=${userId}&limit=100`, {
        token: admin,
      })
    ).body.items;
  const auditTotal = async (): Promise<number> =>
    (await http.get('/audit-events?limit=1', { token: admin })).body.total;
  const traceOf = (response: HttpResponse) => response.headers.get('x-request-id');

  it('audits a user’s missing permission as access.denied, once per session and route', async () => {
    const member = await signedInUser(http);
    const token = member.tokens.access_token;
    const first = await http.get(`/users/${member.user.id}`, { token });
    expect(first.status).toBe(403);
    const repeats = [
      await http.get('/users/not-a-uuid', { token }), // the same route: guards run before the id is parsed
      await http.get(`/users/${member.user.id}`, { token }),
      await http.get('/users', { token }),
      await http.get('/users', { token }),
      await http.request('DELETE', `/users/${member.user.id}/sessions`, { token }),
    ];
    expect(repeats.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);

    const events = await deniedEvents(member.user.id);
    const byRoute = new Map(events.map((e) => [e.details['route'], e]));
    expect(events).toHaveLength(3);
    expect(byRoute.get('GET /users/:id')).toMatchObject({
      userId: member.user.id,
      actorId: member.user.id,
      traceId: traceOf(first),
      details: { permission: 'users:read', route: 'GET /users/:id' },
    });
    expect(byRoute.get('GET /users')?.details).toEqual({
      permission: 'users:read',
      route: 'GET /users',
    });
    expect(byRoute.get('DELETE /users/:id/sessions')?.details).toEqual({
      permission: 'users:write',
      route: 'DELETE /users/:id/sessions',
    });

    // Another session is another trail.
    const again = await login(http, member.email);
    expect((await http.get('/users', { token: again.access_token })).status).toBe(403);
    expect(await deniedEvents(member.user.id)).toHaveLength(4);
  });

  it('does not audit refused bearer tokens, so anonymous callers cannot grow the audit table', async () => {
    const member = await signedInUser(http);
    const claims = accessClaims(member.user.id, decode(member.tokens.access_token).payload['sid']);
    const before = await auditTotal();
    const refused = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http.get('/users', {
          token: i % 2 ? 'not.a.jwt' : signHs256(claims, 'another-secret-0123456789abcdef012345'),
        }),
      ),
    );
    expect(refused.every((r) => r.status === 401)).toBe(true);
    expect(await auditTotal()).toBe(before);
  });

  it('logs every refusal as a warn line with trace id, user id when known, route and reason, never the token', async () => {
    const member = await signedInUser(http);
    const { sid } = decode(member.tokens.access_token).payload as { sid: string };
    const claims = accessClaims(member.user.id, sid);
    const forged = signHs256(claims, 'another-secret-0123456789abcdef012345');
    const expired = signHs256({ ...claims, iat: claims.iat - 3600, exp: claims.iat - 60 });
    const loggedOut = await signedInUser(http);
    await http.post('/auth/logout', { refresh_token: loggedOut.tokens.refresh_token });
    const deactivated = await signedInUser(http);
    await http.request('PATCH', `/users/${deactivated.user.id}`, {
      body: { isActive: false },
      token: admin,
    });

    const cases: [HttpResponse, Record<string, unknown>][] = [
      [await http.get('/auth/me'), { reason: 'missing_token', route: 'GET /auth/me' }],
      [
        await http.get('/auth/sessions', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
        { reason: 'malformed_header', route: 'GET /auth/sessions' },
      ],
      [await http.get('/auth/me', { token: forged }), { reason: 'invalid_token' }],
      [
        await http.get('/auth/me', { token: expired }),
        { reason: 'expired_token', userId: member.user.id },
      ],
      [
        await http.get('/auth/me', { token: loggedOut.tokens.access_token }),
        { reason: 'session_ended', userId: loggedOut.user.id },
      ],
      [
        await http.get('/auth/me', { token: deactivated.tokens.access_token }),
        { reason: 'inactive_user', userId: deactivated.user.id },
      ],
      [
        await http.get('/audit-events', { token: member.tokens.access_token }),
        {
          msg: 'permission refused',
          reason: 'missing_permission',
          permission: 'audit:read',
          userId: member.user.id,
          route: 'GET /audit-events',
        },
      ],
    ];

    api.child.kill('SIGTERM'); // the log is buffered: it is complete once the process has exited
    await api.exited;
    const lines = api
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const [response, expected] of cases) {
      expect(response.status).toBe(expected['permission'] ? 403 : 401);
      const logged = lines.filter((l) => l['traceId'] === traceOf(response));
      expect(logged).toEqual([
        expect.objectContaining({
          level: 40,
          msg: 'bearer token refused',
          route: 'GET /auth/me',
          ...expected,
        }),
      ]);
      if (!('userId' in expected)) expect(logged[0]).not.toHaveProperty('userId');
    }
    const everything = api.stdout();
    for (const secret of [
      forged,
      expired,
      member.tokens.access_token,
      loggedOut.tokens.access_token,
    ])
      expect(everything).not.toContain(secret);
    expect(everything).not.toContain('dXNlcjpwYXNz');
  });
});
