import { fromSqlDate } from '../src/database/sql-dates';
import { login, signedInUser } from './support/accounts';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { decode } from './support/jwt';
import { type RunningApp, startApp } from './support/test-app';

describe.each(databases())('POST /auth/refresh and /auth/logout [%s]', (kind) => {
  let db: TestDatabase;
  let strict: RunningApp; // REFRESH_REUSE_GRACE_SECONDS=0
  let lenient: RunningApp; // the default grace of 10 s

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    strict = await startApp(db, { REFRESH_REUSE_GRACE_SECONDS: '0' });
    lenient = await startApp(db, { DATABASE_MIGRATE: 'false' });
  });
  afterAll(async () => {
    await lenient.close();
    await strict.close();
    await db.drop();
  });

  const refresh = (sut: RunningApp, token: string) =>
    sut.http.post('/auth/refresh', { refresh_token: token });
  /** A Date as a query parameter for a timestamp column (SQLite stores UTC text). */
  const dateParam = (date: Date) =>
    kind === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');

  it('validates the body', async () => {
    expect((await strict.http.post('/auth/refresh', {})).status).toBe(400);
    expect((await strict.http.post('/auth/refresh', { refresh_token: 12 })).status).toBe(400);
    expect((await strict.http.post('/auth/refresh', { token: 'x'.repeat(43) })).status).toBe(400);
  });

  it('refuses an unknown token', async () => {
    const response = await refresh(strict, 'x'.repeat(43));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
  });

  it('refuses an access token presented as a refresh token', async () => {
    const { tokens } = await signedInUser(strict.http);
    expect((await refresh(strict, tokens.access_token)).status).toBe(400);
  });

  it('rotates: a new pair in the same session, the old token revoked', async () => {
    const { tokens } = await signedInUser(strict.http);
    const response = await refresh(strict, tokens.refresh_token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(decode(response.body.access_token).payload['sid']).toBe(
      decode(tokens.access_token).payload['sid'],
    );
    expect((await strict.http.get('/auth/me', { token: response.body.access_token })).status).toBe(
      200,
    );
    expect((await refresh(strict, response.body.refresh_token)).status).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused after the grace window', async () => {
    const { tokens } = await signedInUser(strict.http);
    const rotated = (await refresh(strict, tokens.refresh_token)).body;
    const reuse = await refresh(strict, tokens.refresh_token);
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    expect((await refresh(strict, rotated.refresh_token)).status).toBe(401);
    expect((await strict.http.get('/auth/me', { token: rotated.access_token })).status).toBe(401);
  });

  it('audits a reuse once per session, however often or in parallel the token is replayed', async () => {
    const { user, tokens } = await signedInUser(strict.http);
    expect((await refresh(strict, tokens.refresh_token)).status).toBe(200);
    const replays = await Promise.all(
      Array.from({ length: 5 }, () => refresh(strict, tokens.refresh_token)),
    );
    replays.push(await refresh(strict, tokens.refresh_token));
    const codes = replays.map((r) => (r.body as { code: string }).code).sort();
    expect(codes).toEqual([...Array(5).fill('INVALID_REFRESH_TOKEN'), 'REFRESH_TOKEN_REUSED']);
    const audited = await strict.query(
      "SELECT id FROM audit_events WHERE type = 'token.reuse_detected' AND user_id = ?",
      [user.id],
    );
    expect(audited).toHaveLength(1);
  });

  it('answers a burst of refreshes of different sessions each within its own session', async () => {
    // Concurrent rotations share a statement on PostgreSQL: none may take another's session.
    const { email, tokens } = await signedInUser(strict.http);
    const pairs = [
      tokens,
      ...(await Promise.all(Array.from({ length: 7 }, () => login(strict.http, email)))),
    ];
    const refreshed = await Promise.all(pairs.map((pair) => refresh(strict, pair.refresh_token)));
    refreshed.forEach((response, i) => {
      expect(response.status).toBe(200);
      expect(decode(response.body.access_token).payload['sid']).toBe(
        decode(pairs[i]?.access_token ?? '').payload['sid'],
      );
    });
    const successors = refreshed.map((response) => response.body.refresh_token as string);
    expect(new Set(successors).size).toBe(pairs.length);
    for (const successor of successors) expect((await refresh(strict, successor)).status).toBe(200);
    // Each presented token was revoked: presenting one again is a reuse.
    expect((await refresh(strict, tokens.refresh_token)).status).toBe(401);
  });

  it('with no grace, 10 parallel refreshes of one token give one 200 and nine 401', async () => {
    const { tokens } = await signedInUser(strict.http);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => refresh(strict, tokens.refresh_token)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(401)]);
  });

  it('within the grace window, parallel refreshes each get a working successor in the same session', async () => {
    const { tokens } = await signedInUser(lenient.http);
    const sid = decode(tokens.access_token).payload['sid'];
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => refresh(lenient, tokens.refresh_token)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
    const successors = responses.map((r) => r.body.refresh_token as string);
    expect(new Set(successors).size).toBe(10);
    for (const response of responses)
      expect(decode(response.body.access_token).payload['sid']).toBe(sid);
    for (const successor of successors)
      expect((await refresh(lenient, successor)).status).toBe(200);
  });

  it('does not let the grace window revive a logged-out session', async () => {
    const { tokens } = await signedInUser(lenient.http);
    const next = (await refresh(lenient, tokens.refresh_token)).body;
    expect(
      (await lenient.http.post('/auth/logout', { refresh_token: next.refresh_token })).status,
    ).toBe(204);
    expect((await refresh(lenient, tokens.refresh_token)).status).toBe(401);
  });

  it('answers a token whose session was ended as invalid, not as a reuse', async () => {
    const auditTypes = async (userId: string) =>
      (
        await strict.query<{ type: string }>('SELECT type FROM audit_events WHERE user_id = ?', [
          userId,
        ])
      ).map((row) => row.type);
    const loggedOut = await signedInUser(strict.http);
    await strict.http.post('/auth/logout', { refresh_token: loggedOut.tokens.refresh_token });
    const everywhere = await signedInUser(strict.http);
    await strict.http.post('/auth/logout-all', undefined, {
      token: everywhere.tokens.access_token,
    });
    for (const { user, tokens } of [loggedOut, everywhere]) {
      const response = await refresh(strict, tokens.refresh_token);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
      expect(await auditTypes(user.id)).not.toContain('token.reuse_detected');
    }
  });

  it('refuses a token past its idle expiry, and a session past its absolute lifetime', async () => {
    const idle = await signedInUser(strict.http);
    const absolute = await signedInUser(strict.http);
    const past = dateParam(new Date(Date.now() - 1000));
    await strict.query('UPDATE refresh_tokens SET expires_at = ? WHERE user_id = ?', [
      past,
      idle.user.id,
    ]);
    await strict.query('UPDATE refresh_tokens SET family_expires_at = ? WHERE user_id = ?', [
      past,
      absolute.user.id,
    ]);
    expect((await refresh(strict, idle.tokens.refresh_token)).status).toBe(401);
    expect((await refresh(strict, absolute.tokens.refresh_token)).status).toBe(401);
    // A session past its absolute lifetime also stops its access tokens.
    expect(
      (await strict.http.get('/auth/me', { token: absolute.tokens.access_token })).status,
    ).toBe(401);
  });

  it('never extends a token beyond the session absolute lifetime', async () => {
    const { user, tokens } = await signedInUser(strict.http);
    const soon = new Date(Date.now() + 60 * 60 * 1000); // sooner than the idle expiry
    await strict.query('UPDATE refresh_tokens SET family_expires_at = ? WHERE user_id = ?', [
      dateParam(soon),
      user.id,
    ]);
    const next = (await refresh(strict, tokens.refresh_token)).body;
    expect((await refresh(strict, next.refresh_token)).status).toBe(200);
    const rows = await strict.query<{ expires_at: unknown; family_expires_at: unknown }>(
      'SELECT expires_at, family_expires_at FROM refresh_tokens WHERE user_id = ?',
      [user.id],
    );
    expect(rows).toHaveLength(3);
    const time = (value: unknown) => fromSqlDate(value)?.getTime();
    for (const row of rows) expect(time(row.family_expires_at)).toBe(soon.getTime());
    // The successors' idle expiry is capped by the session's absolute one.
    expect(rows.filter((row) => time(row.expires_at) === soon.getTime())).toHaveLength(2);
  });

  it('links each rotated token to its successor and records the client', async () => {
    const { user, tokens } = await signedInUser(strict.http);
    const next = await strict.http.post(
      '/auth/refresh',
      { refresh_token: tokens.refresh_token },
      { headers: { 'user-agent': 'refresh-e2e/1.0' } },
    );
    expect(next.status).toBe(200);
    const rows = await strict.query<{
      id: string;
      revoked_at: unknown;
      replaced_by: string | null;
      user_agent: string | null;
      created_at: unknown;
    }>(
      'SELECT id, revoked_at, replaced_by, user_agent, created_at FROM refresh_tokens WHERE user_id = ?',
      [user.id],
    );
    expect(rows).toHaveLength(2);
    const old = rows.find((row) => row.replaced_by !== null);
    const successor = rows.find((row) => row.replaced_by === null);
    expect(old?.revoked_at).not.toBeNull();
    expect(old?.replaced_by).toBe(successor?.id);
    expect(successor).toMatchObject({
      revoked_at: null,
      replaced_by: null,
      user_agent: 'refresh-e2e/1.0',
    });
    expect(successor?.created_at).not.toBeNull();
  });

  it('puts the roles the user holds now into the refreshed access token', async () => {
    const { user, tokens } = await signedInUser(strict.http);
    expect(decode(tokens.access_token).payload['roles']).toEqual(['user']);
    await strict.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [user.id],
    );
    const next = await refresh(strict, tokens.refresh_token);
    expect(next.status).toBe(200);
    expect([...(decode(next.body.access_token).payload['roles'] as string[])].sort()).toEqual([
      'admin',
      'user',
    ]);
  });

  it('refuses a refresh for a deactivated user', async () => {
    const { user, tokens } = await signedInUser(strict.http);
    await strict.query('UPDATE users SET is_active = ? WHERE id = ?', [
      kind === 'postgres' ? false : 0,
      user.id,
    ]);
    const refused = await refresh(strict, tokens.refresh_token);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    // Not a reuse: nothing is audited as one, and the token stays refused the same way.
    expect((await refresh(strict, tokens.refresh_token)).body).toMatchObject({
      code: 'INVALID_REFRESH_TOKEN',
    });
    const reuses = await strict.query(
      "SELECT id FROM audit_events WHERE type = 'token.reuse_detected' AND user_id = ?",
      [user.id],
    );
    expect(reuses).toEqual([]);
  });

  it('logout ends the session: its refresh and access tokens stop working; other sessions live on', async () => {
    const { email, tokens } = await signedInUser(strict.http);
    const other = await login(strict.http, email);
    expect(
      (await strict.http.post('/auth/logout', { refresh_token: tokens.refresh_token })).status,
    ).toBe(204);
    expect((await refresh(strict, tokens.refresh_token)).status).toBe(401);
    expect((await strict.http.get('/auth/me', { token: tokens.access_token })).status).toBe(401);
    expect((await strict.http.get('/auth/me', { token: other.access_token })).status).toBe(200);
  });

  it('logout is idempotent, and quiet about unknown tokens', async () => {
    const { tokens } = await signedInUser(strict.http);
    expect(
      (await strict.http.post('/auth/logout', { refresh_token: tokens.refresh_token })).status,
    ).toBe(204);
    expect(
      (await strict.http.post('/auth/logout', { refresh_token: tokens.refresh_token })).status,
    ).toBe(204);
    expect((await strict.http.post('/auth/logout', { refresh_token: 'y'.repeat(43) })).status).toBe(
      204,
    );
    expect((await strict.http.post('/auth/logout', {})).status).toBe(400);
  });
});
