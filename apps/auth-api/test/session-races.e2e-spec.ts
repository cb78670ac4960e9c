import { login, signedInUser, STRONG_PASSWORD, type TokenPair } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { databases } from './support/databases';
import { tokenFrom, waitForMail } from './support/outbox';
import { type RunningApp, startApp, useTestApp } from './support/test-app';

const ROUNDS = 25;

/**
 * Ending sessions raced by refreshes, in synchronised rounds: both requests leave together,
 * every round, and afterwards no token the race produced may still work.
 */
describe.each(databases())('sessions ended while they are refreshed [%s]', (kind) => {
  const { sut, db } = useTestApp(kind, ADMIN_ENV);
  let strict: RunningApp; // REFRESH_REUSE_GRACE_SECONDS=0: any reuse revokes the family
  beforeAll(async () => {
    strict = await startApp(db, { REFRESH_REUSE_GRACE_SECONDS: '0', DATABASE_MIGRATE: 'false' });
  });
  afterAll(() => strict.close());

  const refresh = (token: string) => sut.http.post('/auth/refresh', { refresh_token: token });
  const liveTokens = async (userId: string) =>
    Number(
      (
        await sut.query<{ n: number }>(
          'SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL',
          [userId],
        )
      )[0]?.n,
    );

  /** The rounds in which a session outlived the request that ended it. */
  async function survivors(
    round: () => Promise<{ userId: string; issued: (TokenPair | undefined)[] }>,
  ): Promise<number[]> {
    const failed: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { userId, issued } = await round();
      let alive = (await liveTokens(userId)) > 0;
      for (const pair of issued) {
        if (!pair) continue;
        if ((await sut.http.get('/auth/me', { token: pair.access_token })).status !== 401)
          alive = true;
        if ((await refresh(pair.refresh_token)).status !== 401) alive = true;
      }
      if (alive) failed.push(i);
    }
    return failed;
  }

  const pairOf = (response: { status: number; body: TokenPair }) =>
    response.status === 200 ? response.body : undefined;

  it('logout-all leaves no session alive, however a refresh of it interleaves', async () => {
    const failed = await survivors(async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const [refreshed] = await Promise.all([
        refresh(tokens.refresh_token),
        sut.http.post('/auth/logout-all', undefined, { token: tokens.access_token }),
      ]);
      return { userId: user.id, issued: [pairOf(refreshed)] };
    });
    expect(failed).toEqual([]);
  });

  it('logout-all leaves no session alive while a rotated token takes its grace-window sibling', async () => {
    const failed = await survivors(async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const next = (await refresh(tokens.refresh_token)).body as TokenPair;
      const [sibling] = await Promise.all([
        refresh(tokens.refresh_token), // rotated moments ago: the careful path's sibling
        sut.http.post('/auth/logout-all', undefined, { token: next.access_token }),
      ]);
      return { userId: user.id, issued: [pairOf(sibling)] };
    });
    expect(failed).toEqual([]);
  });

  it('a password reset ends every session, even one refreshing in a loop meanwhile', async () => {
    let n = 0;
    const failed = await survivors(async () => {
      const { user, email, tokens } = await signedInUser(sut.http);
      await sut.http.post('/auth/forgot-password', { email });
      const mail = await waitForMail(sut.config.MAIL_OUTBOX_DIR, email, /reset/i);
      let current: TokenPair | undefined = tokens;
      let done = false;
      const loop = (async () => {
        while (!done && current) current = pairOf(await refresh(current.refresh_token));
      })();
      const reset = await sut.http.post('/auth/reset-password', {
        token: tokenFrom(mail, '/reset-password'),
        password: `another horse battery staple ${++n}`,
      });
      done = true;
      await loop;
      expect(reset.status).toBe(204);
      return { userId: user.id, issued: [current] };
    });
    expect(failed).toEqual([]);
  });

  it('a password change ends the other sessions, however their refresh interleaves', async () => {
    const failed = await survivors(async () => {
      const { user, email, tokens } = await signedInUser(sut.http);
      const other = await login(sut.http, email);
      const [refreshed, changed] = await Promise.all([
        refresh(other.refresh_token),
        sut.http.post(
          '/auth/change-password',
          { currentPassword: STRONG_PASSWORD, newPassword: 'another horse battery staple' },
          { token: tokens.access_token },
        ),
      ]);
      expect(changed.status).toBe(204);
      // The session that changed the password lives on; end it so only the other is judged.
      await sut.http.post('/auth/logout', { refresh_token: tokens.refresh_token });
      return { userId: user.id, issued: [pairOf(refreshed)] };
    });
    expect(failed).toEqual([]);
  });

  it('deactivation by an admin ends every session, however a refresh interleaves', async () => {
    const admin = (await login(sut.http, ADMIN.email, ADMIN.password)).access_token;
    const failed = await survivors(async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const [refreshed, deactivated] = await Promise.all([
        refresh(tokens.refresh_token),
        sut.http.request('PATCH', `/users/${user.id}`, {
          body: { isActive: false },
          token: admin,
        }),
      ]);
      expect(deactivated.status).toBe(200);
      return { userId: user.id, issued: [pairOf(refreshed)] };
    });
    expect(failed).toEqual([]);
  });

  it('logout ends its session, however a refresh of it interleaves', async () => {
    const failed = await survivors(async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const [refreshed] = await Promise.all([
        refresh(tokens.refresh_token),
        sut.http.post('/auth/logout', { refresh_token: tokens.refresh_token }),
      ]);
      return { userId: user.id, issued: [pairOf(refreshed)] };
    });
    expect(failed).toEqual([]);
  });

  it('reuse detection revokes the family even while its live token is being refreshed', async () => {
    const failed = await survivors(async () => {
      const { user, tokens } = await signedInUser(strict.http);
      const next = (await refresh(tokens.refresh_token)).body as TokenPair;
      const [reuse, refreshed] = await Promise.all([
        strict.http.post('/auth/refresh', { refresh_token: tokens.refresh_token }),
        strict.http.post('/auth/refresh', { refresh_token: next.refresh_token }),
      ]);
      expect(reuse.status).toBe(401);
      return { userId: user.id, issued: [pairOf(refreshed)] };
    });
    expect(failed).toEqual([]);
  });
});
