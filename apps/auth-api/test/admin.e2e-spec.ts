import {
  login,
  registerUser,
  signedInUser,
  STRONG_PASSWORD,
  uniqueEmail,
} from './support/accounts';
import { ADMIN, ADMIN_ENV, promotedAdmin } from './support/admin';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { type RunningApp, startApp } from './support/test-app';

describe.each(databases())('admin: users, roles and the audit log [%s]', (kind) => {
  let db: TestDatabase;
  let sut: RunningApp;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sut = await startApp(db, ADMIN_ENV);
    admin = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
  });
  afterAll(async () => {
    await sut.close();
    await db.drop();
  });

  const as = (token: string) => ({
    get: (path: string) => sut.http.get(path, { token }),
    patch: (path: string, body: unknown) => sut.http.request('PATCH', path, { body, token }),
    put: (path: string, body: unknown) => sut.http.request('PUT', path, { body, token }),
    del: (path: string) => sut.http.request('DELETE', path, { token }),
  });

  it('refuses anonymous callers with 401 and plain users with 403 on every admin route', async () => {
    const { tokens, user } = await signedInUser(sut.http);
    const routes: [string, string, unknown?][] = [
      ['GET', '/users'],
      ['GET', '/users/stats'],
      ['GET', `/users/${user.id}`],
      ['PATCH', `/users/${user.id}`, { isActive: false }],
      ['PUT', `/users/${user.id}/roles`, { roles: ['admin'] }],
      ['DELETE', `/users/${user.id}`],
      ['GET', '/roles'],
      ['GET', '/audit-events'],
      ['GET', '/audit-events/daily'],
    ];
    for (const [method, path, body] of routes) {
      expect((await sut.http.request(method, path, { body })).status).toBe(401);
      const forbidden = await sut.http.request(method, path, { body, token: tokens.access_token });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await as(tokens.access_token).get('/auth/me')).body.roles).toEqual(['user']);
  });

  it('pages and searches users by email and name', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++)
      await registerUser(sut.http, { email: uniqueEmail(tag), firstName: i === 0 ? 'Ada' : 'Bob' });
    await registerUser(sut.http, { lastName: `${tag}-Lovelace` });
    const page1 = await as(admin).get(`/users?q=${tag.toUpperCase()}&limit=2&page=1`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 4, page: 1, limit: 2 });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await as(admin).get(`/users?q=${tag}&limit=2&page=2`);
    expect(page2.body.items).toHaveLength(2);
    const ids = [...page1.body.items, ...page2.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(4);
    expect((await as(admin).get(`/users?q=%25`)).body.total).toBe(0); // % is a literal, not a wildcard
    for (const query of ['limit=0', 'limit=101', 'page=0', 'page=x', 'sort=email']) {
      expect((await as(admin).get(`/users?${query}`)).status).toBe(400);
    }
  });

  it('finds an accented address whichever Unicode form the search is typed in', async () => {
    const local = `zoé-${Date.now().toString(36)}`;
    await registerUser(sut.http, { email: `${local}@example.com` });
    const found = await as(admin).get(`/users?q=${encodeURIComponent(local.normalize('NFD'))}`);
    expect(found.body.items.map((u: { email: string }) => u.email)).toEqual([
      `${local.normalize('NFC')}@example.com`,
    ]);
  });

  it('reads one user, 404 for an unknown id, 400 for a malformed one', async () => {
    const { user } = await registerUser(sut.http);
    expect((await as(admin).get(`/users/${user.id}`)).body).toMatchObject({
      id: user.id,
      roles: ['user'],
    });
    expect((await as(admin).get('/users/6f1c2a9e-8b7d-4c3e-9a1f-2b3c4d5e6f70')).status).toBe(404);
    expect((await as(admin).get('/users/42')).status).toBe(400);
  });

  it('deactivation ends the user’s sessions at once; reactivation lets them back in', async () => {
    const { email, user, tokens } = await signedInUser(sut.http);
    const off = await as(admin).patch(`/users/${user.id}`, { isActive: false });
    expect(off.body).toMatchObject({ isActive: false });
    expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(401);
    expect(
      (await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token })).status,
    ).toBe(401);
    expect((await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
      403,
    );
    expect(
      (await as(admin).patch(`/users/${user.id}`, { isActive: true, isVerified: true })).body,
    ).toMatchObject({ isActive: true, isVerified: true });
    await login(sut.http, email);
    expect((await as(admin).patch(`/users/${user.id}`, { isActive: 'no' })).status).toBe(400);
    expect((await as(admin).patch(`/users/${user.id}`, { email: 'x@example.com' })).status).toBe(
      400,
    );
  });

  it('sets roles: an admin gets admin rights, unknown roles are refused', async () => {
    const { user, email } = await registerUser(sut.http);
    const promoted = await as(admin).put(`/users/${user.id}/roles`, { roles: ['user', 'admin'] });
    expect(promoted.body.roles).toEqual(['admin', 'user']);
    const theirToken = (await login(sut.http, email)).access_token;
    expect((await as(theirToken).get('/users')).status).toBe(200);
    expect((await as(admin).put(`/users/${user.id}/roles`, { roles: ['superuser'] })).status).toBe(
      400,
    );
    expect((await as(admin).put(`/users/${user.id}/roles`, { roles: 'admin' })).status).toBe(400);
    const unknown = await as(admin).put(`/users/${user.id}/roles`, {
      roles: ['user', 'superuser'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 'UNKNOWN_ROLE',
      message: 'unknown role: superuser',
    });
    await as(admin).put(`/users/${user.id}/roles`, { roles: ['user'] });
    expect((await as(theirToken).get('/users')).status).toBe(403); // effective at once
    expect((await as(admin).get('/roles')).body).toEqual([
      { id: expect.any(Number), name: 'admin' },
      { id: expect.any(Number), name: 'user' },
    ]);
  });

  it('refuses an empty role set, or one without "user", with a 400 that says why', async () => {
    // An empty list once matched every role: the user became an admin.
    const { user } = await registerUser(sut.http);
    for (const roles of [[], ['admin']]) {
      const response = await as(admin).put(`/users/${user.id}/roles`, { roles });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'USER_ROLE_REQUIRED',
        message: 'every account keeps the "user" role: include it in roles',
      });
    }
    expect((await as(admin).get(`/users/${user.id}`)).body.roles).toEqual(['user']);
    const events = await as(admin).get(`/audit-events?userId=${user.id}&type=user.roles_changed`);
    expect(events.body.items).toEqual([]);
  });

  it('audits the role set it stored', async () => {
    const { user } = await registerUser(sut.http);
    expect(
      (await as(admin).put(`/users/${user.id}/roles`, { roles: ['admin', 'user'] })).status,
    ).toBe(200);
    const events = await as(admin).get(`/audit-events?userId=${user.id}&type=user.roles_changed`);
    expect(events.body.items.map((e: { details: unknown }) => e.details)).toEqual([
      { from: ['user'], to: ['admin', 'user'] },
    ]);
    const stored = await sut.query<{ name: string }>(
      'SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name',
      [user.id],
    );
    expect(stored.map((row) => row.name)).toEqual(['admin', 'user']);
    // Back to one admin, for the tests that count them.
    expect((await as(admin).put(`/users/${user.id}/roles`, { roles: ['user'] })).status).toBe(200);
  });

  it('forbids an admin to demote, deactivate or delete themself', async () => {
    const me = (await as(admin).get('/auth/me')).body.id;
    for (const response of [
      await as(admin).put(`/users/${me}/roles`, { roles: ['user'] }),
      await as(admin).patch(`/users/${me}`, { isActive: false }),
      await as(admin).del(`/users/${me}`),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'SELF_MODIFICATION' });
    }
    expect((await as(admin).get('/auth/me')).body).toMatchObject({
      isActive: true,
      roles: ['admin', 'user'],
    });
  });

  it('never removes the last active admin, even when two admins remove each other at once', async () => {
    const second = await promotedAdmin(sut.http, admin);
    const adminId = (await as(admin).get('/auth/me')).body.id;
    const [a, b] = await Promise.all([
      as(admin).put(`/users/${second.user.id}/roles`, { roles: ['user'] }),
      as(second.tokens.access_token).put(`/users/${adminId}/roles`, { roles: ['user'] }),
    ]);
    // One wins. The other is refused: 409 LAST_ADMIN if it got past the permission check
    // before the first committed, 403 if the first had already taken its admin role away.
    expect([a.status, b.status].sort()).toEqual([200, expect.any(Number)]);
    const loser = a.status === 200 ? b : a;
    expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(loser.body.code);
    const stats = (
      await as(a.status === 200 ? admin : second.tokens.access_token).get('/users/stats')
    ).body;
    expect(stats.admins).toBe(1);
    // Restore the bootstrap admin if it was the one demoted, for the tests that follow.
    if (b.status === 200) {
      await as(second.tokens.access_token).put(`/users/${adminId}/roles`, {
        roles: ['user', 'admin'],
      });
      admin = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
    }
  });

  it('deletes a user with their sessions; the user is gone', async () => {
    const { user, tokens, email } = await signedInUser(sut.http);
    expect((await as(admin).del(`/users/${user.id}`)).status).toBe(204);
    expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(401);
    expect((await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
      401,
    );
    expect((await as(admin).del(`/users/${user.id}`)).status).toBe(404);
  });

  it('counts users', async () => {
    const stats = await as(admin).get('/users/stats');
    expect(stats.body).toEqual({
      total: expect.any(Number),
      active: expect.any(Number),
      verified: expect.any(Number),
      admins: 1,
    });
    expect(stats.body.total).toBeGreaterThanOrEqual(stats.body.active);
  });

  it('records the audit trail, filterable by user and type, with no secret in it', async () => {
    const { email, user } = await registerUser(sut.http);
    await sut.http.post('/auth/login', { email, password: 'not the password' });
    const tokens = await login(sut.http, email);
    await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token });
    await as(admin).patch(`/users/${user.id}`, { firstName: 'Renamed' });

    const mine = await as(admin).get(`/audit-events?userId=${user.id}&limit=100`);
    const types = mine.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'user.registered',
        'login.failed',
        'login.succeeded',
        'user.updated',
      ]),
    );
    const failed = mine.body.items.find((e: { type: string }) => e.type === 'login.failed');
    expect(failed).toMatchObject({
      userId: user.id,
      ip: '127.0.0.1',
      traceId: expect.any(String),
      details: { reason: 'wrong_password' },
    });
    // The sign-in's event names the session it opened (the access token's sid), atomically
    // written with it.
    const { sid } = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString(),
    ) as { sid: string };
    const succeeded = mine.body.items.find((e: { type: string }) => e.type === 'login.succeeded');
    expect(succeeded).toMatchObject({
      userId: user.id,
      actorId: user.id,
      ip: '127.0.0.1',
      traceId: expect.any(String),
      details: { sessionId: sid, mfa: false },
    });
    expect(Math.abs(Date.parse(succeeded.createdAt) - Date.now())).toBeLessThan(60_000);
    const update = mine.body.items.find((e: { type: string }) => e.type === 'user.updated');
    expect(update.actorId).not.toBe(user.id);

    const onlyFailures = await as(admin).get('/audit-events?type=login.failed&limit=100');
    expect(onlyFailures.body.items.every((e: { type: string }) => e.type === 'login.failed')).toBe(
      true,
    );
    expect((await as(admin).get('/audit-events?type=DROP TABLE')).status).toBe(400);
    expect((await as(admin).get('/audit-events?userId=nope')).status).toBe(400);

    const everything = JSON.stringify(await sut.query('SELECT * FROM audit_events'));
    for (const secret of [
      STRONG_PASSWORD,
      'not the password',
      tokens.access_token,
      tokens.refresh_token,
      ADMIN.password,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('counts sign-ups and logins per day for the chart', async () => {
    const { email } = await registerUser(sut.http);
    await login(sut.http, email);
    const daily = await as(admin).get('/audit-events/daily?days=30');
    expect(daily.body.days).toHaveLength(30);
    const today = daily.body.days.at(-1);
    expect(today.date).toBe(new Date().toISOString().slice(0, 10));
    expect(today.signups).toBeGreaterThanOrEqual(1);
    expect(today.logins).toBeGreaterThanOrEqual(1);
    for (const days of ['abc', '0', '367']) {
      expect((await as(admin).get(`/audit-events/daily?days=${days}`)).status).toBe(400);
    }
  });
});
