import { configProblems } from '@gatehouse/env-config';
import { loadConfig } from './load-config';

const problemsOf = (env: Record<string, string>): string[] => configProblems(() => loadConfig(env));

describe(loadConfig.name, () => {
  // NODE_ENV, HOST, PORT, TRUST_PROXY, LOG_* as every server reads them: server-config.spec.ts.
  it('gives working defaults for development with an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(8001);
    expect(sut.AUTH_API_URL).toBe('http://localhost:8000');
    expect(sut.AUTH_API_TIMEOUT_MS).toBe(5000);
    expect(sut.AUTH_API_RETRIES).toBe(2);
    expect(sut.AUTH_API_BREAKER_FAILURES).toBe(5);
    expect(sut.AUTH_API_BREAKER_HALF_OPEN_MS).toBe(10_000);
    expect(sut.DEFAULT_LOCALE).toBe('en');
    expect(sut.cookieSecure).toBe(false);
    expect(sut.SESSION_SECRET).toBeUndefined();
  });

  it('converts numbers and booleans from strings, and treats empty values as unset', () => {
    const sut = loadConfig({
      COOKIE_SECURE: 'yes',
      AUTH_API_RETRIES: '0',
      DEFAULT_LOCALE: '',
    });
    expect(sut.cookieSecure).toBe(true);
    expect(sut.AUTH_API_RETRIES).toBe(0);
    expect(sut.DEFAULT_LOCALE).toBe('en');
  });

  it('trusts no proxy by default: browsers connect directly', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('requires a long SESSION_SECRET in production, where cookies are Secure by default', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: .*required in production/),
    ]);
    const sut = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    expect(sut.cookieSecure).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), COOKIE_SECURE: 'false' })
        .cookieSecure,
    ).toBe(false);
  });

  it('lists one line per problem and never echoes the secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      AUTH_API_URL: 'localhost:8000',
      SESSION_SECRET: 'too-short-secret',
      DEFAULT_LOCALE: 'de',
      AUTH_API_RETRIES: '-1',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'AUTH_API_RETRIES',
      'AUTH_API_URL',
      'DEFAULT_LOCALE',
      'PORT',
      'SESSION_SECRET',
    ]);
    expect(problems.join('\n')).not.toContain('too-short-secret');
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('(got "eighty")');
  });
});
