import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInUser, STRONG_PASSWORD, type TokenPair, uniqueEmail } from './support/accounts';
import type { TestDatabase } from './support/databases';
import { type RunningApp, startApp } from './support/test-app';

/** Room for the schema and a few dozen sign-ups (each commit appends its pages to the WAL). */
const FILESYSTEM = '3m';
/** Held on the small filesystem, then deleted: the space an operator frees. */
const BALLAST_BYTES = 768 * 1024;
/** Failed sign-ups in a row that show the disk is full, not a blip. */
const FAILURES_IN_A_ROW = 15;

/**
 * The SQLite file on a small filesystem that fills up. Every sign-up answered 201 must still be
 * there after a restart; every other answer must say the service is unavailable; readiness must
 * not claim health while writes fail; and writes must work again once there is room.
 */
describe('SQLite on a full disk [sqlite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-full-'));
  const db: TestDatabase = {
    kind: 'sqlite',
    url: join(dir, 'auth.sqlite'),
    drop: () => Promise.resolve(),
  };
  let sut: RunningApp | undefined;

  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FILESYSTEM}`, 'tmpfs', dir]);
  });
  afterAll(async () => {
    await sut?.close().catch(() => undefined);
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (email: string) =>
    sut!.http.post('/auth/register', { email, password: STRONG_PASSWORD });

  it('keeps every accepted sign-up, refuses the others with 503, and writes again once space is freed', async () => {
    const ballast = join(dir, 'ballast');
    writeFileSync(ballast, Buffer.alloc(BALLAST_BYTES));
    sut = await startApp(db);
    const early = await signedInUser(sut.http);

    const accepted: string[] = [];
    const refused: number[] = [];
    const healthWhileFailing: number[] = [];
    let inARow = 0;
    for (let i = 0; i < 1500 && inARow < FAILURES_IN_A_ROW; i++) {
      const email = uniqueEmail('full');
      const response = await register(email);
      if (response.status === 201) {
        accepted.push(email);
        inARow = 0;
        continue;
      }
      refused.push(response.status);
      inARow += 1;
      healthWhileFailing.push((await sut.http.get('/health')).status);
    }
    const filled = inARow === FAILURES_IN_A_ROW;
    // Sign-in and refresh write in hand-written statements: refused alike, and the refresh
    // token survives its failed rotation.
    const whileFull = [
      (await sut.http.post('/auth/login', { email: early.email, password: STRONG_PASSWORD }))
        .status,
      (await sut.http.post('/auth/refresh', { refresh_token: early.tokens.refresh_token })).status,
    ];

    rmSync(ballast);
    const deadline = Date.now() + 15_000;
    while ((await sut.http.get('/health')).status !== 200 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const healthAfterFreeing = (await sut.http.get('/health')).status;
    const afterFreeing: number[] = [];
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail('freed');
      const response = await register(email);
      afterFreeing.push(response.status);
      if (response.status === 201) accepted.push(email);
    }
    const rotated = await sut.http.post('/auth/refresh', {
      refresh_token: early.tokens.refresh_token,
    });

    await sut.close();
    sut = await startApp(db);
    const found = await sut.query<{ email: string }>('SELECT email FROM users');
    const stored = new Set(found.map((row) => row.email));
    const session = rotated.body as TokenPair;
    const afterRestart = [
      (await sut.http.get('/auth/me', { token: session.access_token })).status,
      (await sut.http.post('/auth/refresh', { refresh_token: session.refresh_token })).status,
    ];
    expect({
      filled,
      refused: [...new Set(refused)],
      healthWhileFailing: [...new Set(healthWhileFailing)],
      healthAfterFreeing,
      afterFreeing,
      whileFull,
      rotatedAfterFreeing: rotated.status,
      afterRestart,
      vanished: accepted.filter((email) => !stored.has(email)).length,
    }).toEqual({
      filled: true,
      refused: [503],
      healthWhileFailing: [503],
      healthAfterFreeing: 200,
      afterFreeing: [201, 201, 201, 201, 201],
      whileFull: [503, 503],
      rotatedAfterFreeing: 200,
      afterRestart: [200, 200],
      vanished: 0,
    });
    expect(accepted.length).toBeGreaterThan(10);
  });
});
