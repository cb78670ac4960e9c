import { HousekeepingService } from '../src/app/housekeeping/housekeeping.service';
import { registerUser, signedInUser } from './support/accounts';
import { databases } from './support/databases';
import { ageSessionRows, sqlTime } from './support/sql-time';
import { useTestApp } from './support/test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The hourly purge: dead tokens go a day after they died; what a live session needs stays. */
describe.each(databases())('housekeeping [%s]', (kind) => {
  const { sut } = useTestApp(kind);
  const purge = () => sut.app.get(HousekeepingService).purge();
  const age = (userId: string, ms: number) => ageSessionRows(sut, kind, userId, ms);
  const refreshRows = async (userId: string) =>
    (await sut.query('SELECT id FROM refresh_tokens WHERE user_id = ?', [userId])).length;
  const refresh = (token: string) => sut.http.post('/auth/refresh', { refresh_token: token });

  it('deletes a session’s tokens a day after it ended (logout or idle expiry), not before', async () => {
    const loggedOut = await signedInUser(sut.http);
    const loggedOutLately = await signedInUser(sut.http);
    for (const { tokens } of [loggedOut, loggedOutLately])
      expect(
        (await sut.http.post('/auth/logout', { refresh_token: tokens.refresh_token })).status,
      ).toBe(204);
    await age(loggedOut.user.id, DAY + HOUR);
    await age(loggedOutLately.user.id, DAY - HOUR);
    const idle = await signedInUser(sut.http);
    const idleLately = await signedInUser(sut.http);
    await age(idle.user.id, 8 * DAY + HOUR); // idle expiry 7 days after sign-in: dead 25 h
    await age(idleLately.user.id, 8 * DAY - HOUR); // dead 23 h

    await purge();
    expect(await refreshRows(loggedOut.user.id)).toBe(0);
    expect(await refreshRows(idle.user.id)).toBe(0);
    expect(await refreshRows(loggedOutLately.user.id)).toBe(1);
    expect(await refreshRows(idleLately.user.id)).toBe(1);
  });

  it('keeps every row of a live session, so a rotated token replayed days later is a reuse', async () => {
    const { user, tokens } = await signedInUser(sut.http);
    const next = (await refresh(tokens.refresh_token)).body;
    const last = (await refresh(next.refresh_token)).body;
    await age(user.id, 3 * DAY); // rotated three days ago; the live token is 4 days from idling
    await purge();
    expect(await refreshRows(user.id)).toBe(3);
    const replay = await refresh(tokens.refresh_token);
    expect(replay.body).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    expect((await refresh(last.refresh_token)).status).toBe(401); // the family was revoked
    // Revoked for the reuse just now: its rows stay a day, then go.
    await purge();
    expect(await refreshRows(user.id)).toBe(3);
    await age(user.id, DAY + HOUR);
    await purge();
    expect(await refreshRows(user.id)).toBe(0);
  });

  it('deletes a one-time token a day after it was used, superseded or expired, not before', async () => {
    const { user } = await registerUser(sut.http);
    const stamp = (hoursAgo: number) => sqlTime(kind, new Date(Date.now() - hoursAgo * HOUR));
    const insert = (id: string, usedAt: unknown, expiresAt: unknown) =>
      sut.query(
        'INSERT INTO action_tokens (id, user_id, purpose, token_hash, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, user.id, 'reset_password', id.replace(/-/g, '').padEnd(64, '0'), expiresAt, usedAt],
      );
    const ids = {
      usedLongAgo: '00000000-0000-4000-8000-000000000001',
      usedLately: '00000000-0000-4000-8000-000000000002',
      expiredLongAgo: '00000000-0000-4000-8000-000000000003',
      expiredLately: '00000000-0000-4000-8000-000000000004',
    };
    await insert(ids.usedLongAgo, stamp(25), stamp(-10));
    await insert(ids.usedLately, stamp(23), stamp(-10));
    await insert(ids.expiredLongAgo, null, stamp(25));
    await insert(ids.expiredLately, null, stamp(23));
    await purge();
    const left = await sut.query<{ id: string }>(
      "SELECT id FROM action_tokens WHERE user_id = ? AND purpose = 'reset_password' ORDER BY id",
      [user.id],
    );
    expect(left.map((row) => row.id)).toEqual([ids.usedLately, ids.expiredLately]);
  });
});
