import { registerUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { databases } from './support/databases';
import { useTestApp } from './support/test-app';

describe.each(databases())('POST /auth/register [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  const countUsers = async (email: string) =>
    Number(
      (
        await sut.query<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE email = ?', [email])
      )[0]?.n,
    );

  it('refuses an email that exists in another letter case, and stores nothing', async () => {
    const email = uniqueEmail('case');
    await registerUser(sut.http, { email });
    const again = await sut.http.post('/auth/register', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'EMAIL_TAKEN' });
    expect(await countUsers(email)).toBe(1);
  });

  /** The same letters in Unicode's full-width forms (ａｄａ), which NFKC folds back. */
  const fullWidth = (text: string) =>
    text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('refuses look-alike addresses of an existing account: full-width letters, é decomposed', async () => {
    const local = `zoé-${Date.now().toString(36)}`;
    const email = `${local.normalize('NFC')}@example.com`;
    const created = await sut.http.post('/auth/register', {
      email: `${local.normalize('NFD')}@example.com`,
      password: STRONG_PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe(email); // kept, and shown, in NFC
    for (const lookAlike of [email.normalize('NFD'), `${fullWidth(local)}@example.com`]) {
      const again = await sut.http.post('/auth/register', {
        email: lookAlike,
        password: STRONG_PASSWORD,
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'EMAIL_TAKEN' });
    }
    // Signing in with either form reaches the one account.
    for (const form of [email.normalize('NFD'), `${fullWidth(local)}@example.com`]) {
      expect(
        (await sut.http.post('/auth/login', { email: form, password: STRONG_PASSWORD })).status,
      ).toBe(200);
    }
  });

  it.each([
    ['a trailing zero-width space', '\u200b'],
    ['a soft hyphen', '\u00ad'],
    ['a right-to-left override', '\u202e'],
    ['a control character', '\u0007'],
    ['a no-break space', '\u00a0x'],
  ])('refuses an email with %s, wherever an email is taken', async (_, invisible) => {
    const email = uniqueEmail('ghost').replace('@', `${invisible}@`);
    for (const [path, body] of [
      ['/auth/register', { email, password: STRONG_PASSWORD }],
      ['/auth/login', { email, password: STRONG_PASSWORD }],
      ['/auth/forgot-password', { email }],
      ['/auth/resend-verification', { email }],
    ] as const) {
      const response = await sut.http.post(path, body);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'email', messages: ['email must not contain invisible or control characters'] },
      ]);
    }
  });

  it('lists every missing field', async () => {
    const response = await sut.http.post('/auth/register', {});
    expect(response.status).toBe(400);
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'password']);
    expect(response.body.message).toMatch(/email/);
    expect(response.body.traceId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('refuses unknown fields such as roles or isActive', async () => {
    const response = await sut.http.post('/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      roles: ['admin'],
      isActive: true,
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('property roles should not exist');
    expect(response.body.message).toContain('property isActive should not exist');
  });

  it.each([
    ['an invalid email', { email: 'not-an-email', password: STRONG_PASSWORD }, /email/],
    ['a non-string email', { email: 42, password: STRONG_PASSWORD }, /email/],
    [
      'a short password',
      { email: 'a@example.com', password: 'x7#Qp2!' },
      /password must be longer than or equal to 8/,
    ],
    [
      'a password over 128 characters',
      { email: 'a@example.com', password: 'v9$Lr'.repeat(26) },
      /password must be shorter than or equal to 128/,
    ],
    [
      'a first name over 100 characters',
      { email: 'a@example.com', password: STRONG_PASSWORD, firstName: 'x'.repeat(101) },
      /firstName/,
    ],
  ])('refuses %s with a 400 that says why', async (_, body, message) => {
    const response = await sut.http.post('/auth/register', body);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });

  it.each([
    ['a common password', 'password123', /too common/],
    ['a password built on the email name', 'Zelda-Fitzgerald-1900', /email/],
  ])('refuses %s and says why', async (_, password, message) => {
    const response = await sut.http.post('/auth/register', {
      email: 'zelda.fitzgerald@example.com',
      password,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(response.body.message).toMatch(message);
    expect(await countUsers('zelda.fitzgerald@example.com')).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"email": "a@example.com",', 400],
    ['a JSON array', '[1, 2]', 400],
    ['a JSON string', '"hello"', 400],
    ['JSON null', 'null', 400],
  ])('answers %s with a clean 400', async (_, rawBody, status) => {
    const response = await sut.http.request('POST', '/auth/register', { rawBody });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error: 'Bad Request' });
    expect(response.text).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('answers a body over 100 kB with 413', async () => {
    const response = await sut.http.post('/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      firstName: 'x'.repeat(110_000),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('creates the account: trimmed lower-case email, user role, no hash in the answer', async () => {
    const email = uniqueEmail('New');
    const response = await sut.http.post('/auth/register', {
      email: `  ${email.toUpperCase()} `,
      password: STRONG_PASSWORD,
      firstName: ' Ada ',
      lastName: 'Lovelace',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email.toLowerCase(),
      firstName: 'Ada',
      lastName: 'Lovelace',
      isActive: true,
      isVerified: false,
      mfaEnabled: false,
      roles: ['user'],
      signInMethods: { password: true, passkeys: 0, providers: [] },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.text).not.toMatch(/argon2|hash/i);
    const [row] = await sut.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = ?',
      [response.body.id],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('accepts a password exactly as typed, spaces and case included', async () => {
    const { email } = await registerUser(sut.http, { password: '  Spaced Out Passphrase  ' });
    expect(
      (await sut.http.post('/auth/login', { email, password: '  Spaced Out Passphrase  ' })).status,
    ).toBe(200);
    expect(
      (await sut.http.post('/auth/login', { email, password: 'Spaced Out Passphrase' })).status,
    ).toBe(401);
    expect(
      (await sut.http.post('/auth/login', { email, password: '  spaced out passphrase  ' })).status,
    ).toBe(401);
  });

  it('lets exactly one of 10 parallel registrations of one email through', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sut.http.post('/auth/register', {
          email: i % 2 ? email.toUpperCase() : email,
          password: STRONG_PASSWORD,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
    expect(await countUsers(email)).toBe(1);
  });
});
