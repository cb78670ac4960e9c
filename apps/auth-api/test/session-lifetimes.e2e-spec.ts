import { login, signedInUser, type TokenPair } from './support/accounts';
import { databases } from './support/databases';
import { ageSessionRows } from './support/sql-time';
import { useTestApp } from './support/test-app';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Session lifetimes with the default settings: 7 idle days, 30 days at most, any number at
 * once. Time passes by moving the user's session rows into the past, as if they were older.
 */
describe.each(databases())('session lifetimes [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  const age = (userId: string, ms: number) => ageSessionRows(sut, kind, userId, ms);
  const refresh = (tokens: TokenPair) =>
    sut.http.post<TokenPair>('/auth/refresh', { refresh_token: tokens.refresh_token });

  it('ends a session left idle for 7 days; one used within them lives on', async () => {
    const active = await signedInUser(sut.http);
    const idle = await signedInUser(sut.http);
    await age(active.user.id, 7 * DAY - 10 * MINUTE);
    await age(idle.user.id, 7 * DAY + MINUTE);
    const refreshed = await refresh(active.tokens);
    expect(refreshed.status).toBe(200);
    const refused = await refresh(idle.tokens);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    // The refresh restarted the idle clock: another 6 days later it still works.
    await age(active.user.id, 6 * DAY);
    expect((await refresh(refreshed.body)).status).toBe(200);
  });

  it('ends a session 30 days after sign-in, however often it is refreshed', async () => {
    const { user, tokens } = await signedInUser(sut.http);
    let current = tokens;
    for (let day = 6; day <= 24; day += 6) {
      await age(user.id, 6 * DAY);
      const next = await refresh(current);
      expect({ day, status: next.status }).toEqual({ day, status: 200 });
      current = next.body;
    }
    await age(user.id, 6 * DAY + MINUTE); // 30 days and a minute after sign-in
    const refused = await refresh(current);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    expect((await sut.http.get('/auth/me', { token: current.access_token })).status).toBe(401);
  });

  it('sets no limit on concurrent sessions: 25 sign-ins are all live and listed', async () => {
    const { email, user, tokens } = await signedInUser(sut.http);
    const more = [];
    for (let i = 0; i < 24; i++) more.push(await login(sut.http, email));
    const listed = await sut.http.get<{ id: string }[]>('/auth/sessions', {
      token: tokens.access_token,
    });
    expect(listed.body).toHaveLength(25);
    for (const pair of [tokens, ...more])
      expect((await sut.http.get('/auth/me', { token: pair.access_token })).status).toBe(200);
    const live = await sut.query(
      'SELECT id FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL',
      [user.id],
    );
    expect(live).toHaveLength(25);
    for (const pair of [tokens, ...more]) expect((await refresh(pair)).status).toBe(200);
  });
});
