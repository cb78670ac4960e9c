import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { EmailKey1764400000000 } from '../src/database/migrations/1764400000000-EmailKey';
import { login, registerUser, STRONG_PASSWORD } from './support/accounts';
import { at } from './support/at';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { startApp } from './support/test-app';

describe.each(databases())('migrations, restarts and the bootstrap admin [%s]', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase(kind)));
  afterEach(() => db.drop());

  const dataSourceFor = (url: string) =>
    new DataSource(buildDataSourceOptions({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }));

  it('migrates to exactly the schema the entities declare, seeds the roles, and reverts cleanly', async () => {
    const ds = await dataSourceFor(db.url).initialize();
    try {
      expect(await ds.showMigrations()).toBe(true);
      await ds.runMigrations();
      expect(await ds.showMigrations()).toBe(false);
      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.query('SELECT name FROM roles ORDER BY name')).toEqual([
        { name: 'admin' },
        { name: 'user' },
      ]);
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      const tables = await ds
        .createQueryRunner()
        .getTables(['users', 'roles', 'user_roles', 'refresh_tokens']);
      expect(tables).toEqual([]);
      await ds.runMigrations();
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });

  it('enforces case-insensitive email uniqueness in the database itself', async () => {
    const ds = await dataSourceFor(db.url).initialize();
    try {
      await ds.runMigrations();
      const insert = (id: string, email: string, key = id) =>
        ds.query(
          kind === 'postgres'
            ? 'INSERT INTO users (id, email, email_key, password_hash) VALUES ($1, $2, $3, $4)'
            : 'INSERT INTO users (id, email, email_key, password_hash) VALUES (?, ?, ?, ?)',
          [id, email, key, 'x'],
        );
      await insert('00000000-0000-4000-8000-000000000001', 'Case@Example.com', 'case@example.com');
      await expect(
        insert('00000000-0000-4000-8000-000000000002', 'case@example.COM'),
      ).rejects.toThrow(/unique/i);
      // Two look-alike addresses share their comparison key, which is unique too.
      await expect(
        insert('00000000-0000-4000-8000-000000000003', 'ｃａｓｅ@example.com', 'case@example.com'),
      ).rejects.toThrow(/unique/i);
    } finally {
      await ds.destroy();
    }
  });

  it('backfills the email key of existing accounts; of look-alikes, the oldest keeps it', async () => {
    const before = new DataSource({
      ...buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2 }),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(EmailKey1764400000000)),
    });
    await before.initialize();
    const accounts = [
      ['00000000-0000-4000-8000-00000000000a', 'zo\u00e9@example.com', '2025-01-01 00:00:00'],
      ['00000000-0000-4000-8000-00000000000b', 'zoe\u0301@example.com', '2025-02-01 00:00:00'],
      [
        '00000000-0000-4000-8000-00000000000c',
        '\uff5a\uff4f\u00e9@example.com',
        '2025-03-01 00:00:00',
      ],
      ['00000000-0000-4000-8000-00000000000d', 'ada@example.com', '2025-04-01 00:00:00'],
    ];
    try {
      await before.runMigrations();
      for (const [id, email, createdAt] of accounts)
        await before.query(
          kind === 'postgres'
            ? 'INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)'
            : 'INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)',
          [id, email, 'x', createdAt],
        );
      await before.query(
        `INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r WHERE r.name = 'user'`,
      );
    } finally {
      await before.destroy();
    }
    const after = await dataSourceFor(db.url).initialize();
    try {
      await after.runMigrations();
      const rows = await after.query<{ id: string; email_key: string }[]>(
        'SELECT id, email_key FROM users ORDER BY id',
      );
      expect(rows.map((row) => row.email_key)).toEqual([
        'zo\u00e9@example.com',
        '#00000000-0000-4000-8000-00000000000b',
        '#00000000-0000-4000-8000-00000000000c',
        'ada@example.com',
      ]);
      const roles = await after.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM user_roles');
      expect(Number(roles[0]?.n)).toBe(4); // the rebuilt table kept its rows' roles
      expect((await after.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await after.destroy();
    }
  });

  it('keeps accounts and sessions across a restart', async () => {
    const first = await startApp(db);
    const { email } = await registerUser(first.http);
    const tokens = await login(first.http, email);
    await first.close();

    const second = await startApp(db, { DATA_DIR: first.config.DATA_DIR });
    try {
      expect((await second.http.get('/auth/me', { token: tokens.access_token })).status).toBe(200);
      expect(
        (await second.http.post('/auth/refresh', { refresh_token: tokens.refresh_token })).status,
      ).toBe(200);
      await login(second.http, email);
    } finally {
      await second.close();
    }
  });

  it('in development, makes a JWT secret once under DATA_DIR (mode 0600) so sessions survive restarts', async () => {
    const first = await startApp(db, {
      NODE_ENV: 'development',
      JWT_SECRET: '',
      LOG_FORMAT: 'json',
    });
    const { email } = await registerUser(first.http);
    const tokens = await login(first.http, email);
    await first.close();
    const secretFile = join(first.config.DATA_DIR, 'secrets', 'jwt-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile, 'utf8')).toMatch(/^[0-9a-f]{64}$/);

    const second = await startApp(db, {
      NODE_ENV: 'development',
      JWT_SECRET: '',
      LOG_FORMAT: 'json',
      DATA_DIR: first.config.DATA_DIR,
    });
    const stranger = await startApp(db, {
      NODE_ENV: 'development',
      JWT_SECRET: '',
      LOG_FORMAT: 'json',
      DATABASE_MIGRATE: 'false',
    });
    try {
      expect((await second.http.get('/auth/me', { token: tokens.access_token })).status).toBe(200);
      expect((await stranger.http.get('/auth/me', { token: tokens.access_token })).status).toBe(
        401,
      );
    } finally {
      await second.close();
      await stranger.close();
    }
  });

  it('creates the ADMIN_EMAIL admin once, and never resets its password', async () => {
    const env = {
      ADMIN_EMAIL: 'Root.Admin@Example.com',
      ADMIN_PASSWORD: 'first keeper passphrase 1',
    };
    const first = await startApp(db, env);
    const tokens = await login(first.http, 'root.admin@example.com', env.ADMIN_PASSWORD);
    const me = await first.http.get('/auth/me', { token: tokens.access_token });
    expect(me.body).toMatchObject({ roles: ['admin', 'user'], isVerified: true });
    await first.close();

    const second = await startApp(db, { ...env, ADMIN_PASSWORD: 'second keeper passphrase 2' });
    try {
      await login(second.http, 'root.admin@example.com', env.ADMIN_PASSWORD);
      expect(
        (
          await second.http.post('/auth/login', {
            email: env.ADMIN_EMAIL,
            password: 'second keeper passphrase 2',
          })
        ).status,
      ).toBe(401);
      const { n } = at(await second.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'), 0);
      expect(Number(n)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('refuses to start when ADMIN_EMAIL names an account ADMIN_PASSWORD does not sign in to', async () => {
    // Someone registered the address before the operator set ADMIN_EMAIL: they stay a user.
    const first = await startApp(db);
    const { email, user } = await registerUser(first.http);
    await first.close();
    await expect(
      startApp(db, { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'operator admin passphrase' }),
    ).rejects.toThrow(
      'ADMIN_EMAIL names an existing account that ADMIN_PASSWORD does not sign in to: it was not made an admin. Sign in as it and set ADMIN_PASSWORD to its password, or choose another ADMIN_EMAIL',
    );
    const third = await startApp(db, { DATA_DIR: first.config.DATA_DIR });
    try {
      const roles = await third.query<{ name: string }>(
        'SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?',
        [user.id],
      );
      expect(roles.map((row) => row.name)).toEqual(['user']);
      await login(third.http, email, STRONG_PASSWORD); // the password is untouched
    } finally {
      await third.close();
    }
  });

  it('grants the admin role to an existing ADMIN_EMAIL account whose password is ADMIN_PASSWORD', async () => {
    const first = await startApp(db);
    const { email } = await registerUser(first.http);
    await first.close();
    const second = await startApp(db, { ADMIN_EMAIL: email, ADMIN_PASSWORD: STRONG_PASSWORD });
    try {
      const tokens = await login(second.http, email, STRONG_PASSWORD);
      expect(
        (await second.http.get('/auth/me', { token: tokens.access_token })).body.roles,
      ).toEqual(['admin', 'user']);
    } finally {
      await second.close();
    }
  });

  it('refuses to start with a weak ADMIN_PASSWORD', async () => {
    await expect(
      startApp(db, { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'password1' }),
    ).rejects.toThrow(/ADMIN_PASSWORD is refused: password is too/);
  });
});

describe('the migration list', () => {
  it('registers every migration file, in timestamp order', () => {
    const dir = join(__dirname, '..', 'src', 'database', 'migrations');
    const files = readdirSync(dir).filter((f) => /^\d{13}-\w+\.ts$/.test(f));
    const names = files
      .map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1'))
      .sort((a, b) => a.slice(-13).localeCompare(b.slice(-13)));
    expect(MIGRATIONS.map((m) => m.name)).toEqual(names);
  });
});
