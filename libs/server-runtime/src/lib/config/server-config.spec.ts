import { configProblems, loadEnvConfig } from '@gatehouse/env-config';
import { ServerConfig } from './server-config';
import { NodeEnv } from './server-env';

/** A server's config as the apps declare theirs: its own PORT, TRUST_PROXY and body limit. */
class SampleConfig extends ServerConfig {
  override PORT = 8000;
  override TRUST_PROXY = 'false';
  override BODY_LIMIT_BYTES = 65_536;
}

const load = (env: Record<string, string>): SampleConfig =>
  loadEnvConfig(SampleConfig, env, new Set<string>());

const problemsOf = (env: Record<string, string>): string[] => configProblems(() => load(env));

describe(ServerConfig.name, () => {
  it('runs in development with pretty logs when the environment is empty', () => {
    const sut = load({});
    expect(sut.NODE_ENV).toBe(NodeEnv.Development);
    expect(sut.isProduction).toBe(false);
    expect(sut.logFormat).toBe('pretty');
    expect([sut.HOST, sut.DATA_DIR, sut.LOG_LEVEL]).toEqual(['0.0.0.0', 'data', 'info']);
  });

  it('logs json outside development unless LOG_FORMAT says otherwise', () => {
    expect(load({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(load({ NODE_ENV: 'production' }).isProduction).toBe(true);
    expect(load({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(load({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(load({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('converts PORT and BODY_LIMIT_BYTES to numbers, and keeps the app default when empty', () => {
    expect(load({ PORT: '9000' }).PORT).toBe(9000);
    expect(load({ PORT: '9001' }).PORT).toBe(9001);
    expect(load({ PORT: '' }).PORT).toBe(8000);
    expect(load({ BODY_LIMIT_BYTES: '2048' }).BODY_LIMIT_BYTES).toBe(2048);
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list of proxy addresses', () => {
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.0/12' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
    ]);
    expect(load({ TRUST_PROXY: '10.20.0.0/24, 10.20.1.0/24' }).trustProxy).toEqual([
      '10.20.0.0/24',
      '10.20.1.0/24',
    ]);
    expect(load({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(load({ TRUST_PROXY: 'loopback, 172.29.0.11' }).trustProxy).toEqual([
      'loopback',
      '172.29.0.11',
    ]);
  });

  it('refuses a TRUST_PROXY that is none of those, naming the forms it takes', () => {
    for (const bad of ['everyone', '10.0.0.0/33', '::::', '10.0.0.1,,10.0.0.2', 'proxy.internal'])
      expect(problemsOf({ TRUST_PROXY: bad })).toEqual([
        expect.stringMatching(/^TRUST_PROXY: .*hop count/),
      ]);
    expect(problemsOf({ TRUST_PROXY: 'yes' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: .*hop count.* \(got "yes"\)$/),
    ]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it('refuses to start an app that sets no PORT, TRUST_PROXY or BODY_LIMIT_BYTES of its own', () => {
    class Forgetful extends ServerConfig {}
    expect(() => loadEnvConfig(Forgetful, {}, new Set<string>())).toThrow(
      /PORT: [\s\S]*TRUST_PROXY: [\s\S]*BODY_LIMIT_BYTES: /,
    );
  });

  it('lists one line per problem, with the value given', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'xml',
      BODY_LIMIT_BYTES: '512',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'NODE_ENV',
      'PORT',
      'BODY_LIMIT_BYTES',
      'LOG_LEVEL',
      'LOG_FORMAT',
    ]);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('(got "eighty")');
    expect(problems.find((p) => p.startsWith('NODE_ENV:'))).toContain('"staging"');
  });
});
