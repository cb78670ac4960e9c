import { configProblems } from '@gatehouse/env-config';
import { JwtAlgorithm } from './app-config';
import { loadConfig } from './load-config';

const problemsOf = (env: Record<string, string>): string[] => configProblems(() => loadConfig(env));

describe(loadConfig.name, () => {
  // NODE_ENV, HOST, PORT, TRUST_PROXY, LOG_* as every server reads them: server-config.spec.ts.
  it('gives working defaults for development with an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(8000);
    expect(sut.DATABASE_URL).toBe('data/external/gatehouse.sqlite');
    expect(sut.JWT_ALGORITHM).toBe(JwtAlgorithm.HS256);
    expect(sut.ACCESS_TOKEN_TTL_SECONDS).toBe(1800);
    expect(sut.REFRESH_TOKEN_TTL_SECONDS).toBe(7 * 24 * 3600);
    expect(sut.REFRESH_REUSE_GRACE_SECONDS).toBe(10);
    expect(sut.ARGON2_MEMORY_KIB).toBe(19456);
    expect(sut.migrateOnStart).toBe(true);
  });

  it('defaults to the figures the README security model states', () => {
    const sut = loadConfig({});
    // Passwords: argon2id m=19456 KiB, t=2, p=1 (OWASP).
    expect([sut.ARGON2_MEMORY_KIB, sut.ARGON2_ITERATIONS, sut.ARGON2_PARALLELISM]).toEqual([
      19_456, 2, 1,
    ]);
    // Sessions: 30-minute access tokens, 7 idle days, 30 days at most.
    expect(sut.ACCESS_TOKEN_TTL_SECONDS).toBe(30 * 60);
    expect(sut.REFRESH_TOKEN_TTL_SECONDS).toBe(7 * 86_400);
    expect(sut.REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS).toBe(30 * 86_400);
    // One-time tokens: verification 24 h, reset 1 h, 2FA step 5 min, email change 1 h,
    // an admin's enrolment at sign-in 15 min.
    expect(sut.VERIFICATION_TOKEN_TTL_SECONDS).toBe(86_400);
    expect(sut.RESET_TOKEN_TTL_SECONDS).toBe(3600);
    expect(sut.MFA_TOKEN_TTL_SECONDS).toBe(300);
    expect(sut.EMAIL_CHANGE_TOKEN_TTL_SECONDS).toBe(3600);
    expect(sut.MFA_ENROLLMENT_TOKEN_TTL_SECONDS).toBe(900);
    // Anti-automation: 5 per account and client in 5 minutes, 100 per account in 24 h, mail
    // requests 3 an hour per client, 5 mails per address an hour, 1000/min elsewhere.
    expect([sut.RATE_LIMIT_LOGIN_MAX, sut.RATE_LIMIT_LOGIN_WINDOW_SECONDS]).toEqual([5, 300]);
    expect([sut.RATE_LIMIT_ACCOUNT_MAX, sut.RATE_LIMIT_ACCOUNT_WINDOW_SECONDS]).toEqual([
      100, 86_400,
    ]);
    expect([sut.RATE_LIMIT_MAIL_REQUEST_MAX, sut.RATE_LIMIT_MAIL_REQUEST_WINDOW_SECONDS]).toEqual([
      3, 3600,
    ]);
    expect([sut.RATE_LIMIT_EMAIL_MAX, sut.RATE_LIMIT_EMAIL_WINDOW_SECONDS]).toEqual([5, 3600]);
    expect([sut.RATE_LIMIT_GLOBAL_MAX, sut.RATE_LIMIT_GLOBAL_WINDOW_SECONDS]).toEqual([1000, 60]);
    // A Redis command gives up after 500 ms.
    expect(sut.REDIS_COMMAND_TIMEOUT_MS).toBe(500);
  });

  it('asks for a re-authentication within 5 minutes by default, and 1 s to 1 h only', () => {
    expect(loadConfig({}).REAUTH_MAX_AGE_SECONDS).toBe(300);
    expect(loadConfig({ REAUTH_MAX_AGE_SECONDS: '60' }).REAUTH_MAX_AGE_SECONDS).toBe(60);
    for (const value of ['0', '3601', 'soon'])
      expect(problemsOf({ REAUTH_MAX_AGE_SECONDS: value }).join(' ')).toContain(
        'REAUTH_MAX_AGE_SECONDS',
      );
  });

  it('converts booleans and lists from strings', () => {
    const sut = loadConfig({
      DATABASE_MIGRATE: '0',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(sut.migrateOnStart).toBe(false);
    expect(sut.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('trusts loopback as a proxy by default, where web runs', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', JWT_SECRET: '' }).PORT).toBe(8000);
  });

  it('requires JWT_SECRET and ENCRYPTION_KEY in production and does not migrate unless told to', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: .*required in production/),
      expect.stringMatching(/^ENCRYPTION_KEY: .*required in production/),
    ]);
    const sut = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(sut.migrateOnStart).toBe(false);
  });

  it('requires 2FA of admins by default in production only, and lets either be overridden', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      ENCRYPTION_KEY: 'ab'.repeat(32),
    };
    expect(loadConfig(production).adminMfaRequired).toBe(true);
    expect(loadConfig({}).adminMfaRequired).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).adminMfaRequired).toBe(false);
    expect(loadConfig({ ...production, REQUIRE_ADMIN_MFA: 'false' }).adminMfaRequired).toBe(false);
    expect(loadConfig({ REQUIRE_ADMIN_MFA: 'true' }).adminMfaRequired).toBe(true);
    expect(problemsOf({ REQUIRE_ADMIN_MFA: 'sometimes' })).toEqual([
      expect.stringMatching(/^REQUIRE_ADMIN_MFA: /),
    ]);
  });

  it('lists one line per problem and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      NODE_ENV: 'staging',
      JWT_SECRET: 'short-secret-value',
      ADMIN_EMAIL: 'admin@example.com',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('"eighty"');
    expect(problems.find((p) => p.startsWith('NODE_ENV:'))).toContain('"staging"');
    expect(problems.find((p) => p.startsWith('ADMIN_PASSWORD:'))).toMatch(/must be set/);
    const secretLine = problems.find((p) => p.startsWith('JWT_SECRET:'));
    expect(secretLine).toMatch(/at least 32/);
    expect(secretLine).not.toContain('short-secret-value');
  });

  it('requires a private key for asymmetric algorithms', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'RS256' })).toEqual([
      expect.stringMatching(/^JWT_PRIVATE_KEY: /),
    ]);
  });

  it('validates the URLs of the mail server, Redis and the web app', () => {
    const problems = problemsOf({
      SMTP_URL: 'mail.example.com',
      REDIS_URL: 'localhost:6379',
      WEB_BASE_URL: 'nope',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'REDIS_URL',
      'SMTP_URL',
      'WEB_BASE_URL',
    ]);
    expect(problems.join('\n')).not.toContain('mail.example.com'); // may carry credentials
  });

  it('rejects an unknown algorithm such as none', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'none' })[0]).toMatch(/^JWT_ALGORITHM: /);
  });
});
