import { NodeEnv } from './app-config';
import { ConfigError, loadConfig } from './load-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe(loadConfig.name, () => {
  it('gives working defaults for development with an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.NODE_ENV).toBe(NodeEnv.Development);
    expect(sut.PORT).toBe(8001);
    expect(sut.AUTH_API_URL).toBe('http://localhost:8000');
    expect(sut.AUTH_API_TIMEOUT_MS).toBe(5000);
    expect(sut.AUTH_API_RETRIES).toBe(2);
    expect(sut.AUTH_API_BREAKER_FAILURES).toBe(5);
    expect(sut.AUTH_API_BREAKER_HALF_OPEN_MS).toBe(10_000);
    expect(sut.DEFAULT_LOCALE).toBe('en');
    expect(sut.cookieSecure).toBe(false);
    expect(sut.logFormat).toBe('pretty');
    expect(sut.SESSION_SECRET).toBeUndefined();
  });

  it('converts numbers and booleans from strings, and treats empty values as unset', () => {
    const sut = loadConfig({
      PORT: '9001',
      COOKIE_SECURE: 'yes',
      AUTH_API_RETRIES: '0',
      DEFAULT_LOCALE: '',
    });
    expect(sut.PORT).toBe(9001);
    expect(sut.cookieSecure).toBe(true);
    expect(sut.AUTH_API_RETRIES).toBe(0);
    expect(sut.DEFAULT_LOCALE).toBe('en');
  });

  it('reads TRUST_PROXY as auth-api does: false, a hop count, proxy addresses or true', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.20.0.0/24, 10.20.1.0/24' }).trustProxy).toEqual([
      '10.20.0.0/24',
      '10.20.1.0/24',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(problemsOf({ TRUST_PROXY: 'yes' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: .*hop count.* \(got "yes"\)$/),
    ]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it('requires a long SESSION_SECRET in production, where cookies are Secure by default', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: .*required in production/),
    ]);
    const sut = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    expect(sut.cookieSecure).toBe(true);
    expect(sut.logFormat).toBe('json');
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
