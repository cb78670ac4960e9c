import { validateSync } from 'class-validator';
import { IsTrustProxy, parseTrustProxy } from './trust-proxy';

class SampleConfig {
  @IsTrustProxy()
  TRUST_PROXY = 'false';
}

const problemsOf = (value: string) => {
  const config = Object.assign(new SampleConfig(), { TRUST_PROXY: value });
  return validateSync(config).flatMap((e) => Object.values(e.constraints ?? {}));
};

describe(parseTrustProxy.name, () => {
  it.each([
    ['false', false],
    ['true', true],
    [' true ', true],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.7', ['10.0.0.7']],
    ['10.20.0.0/20, 10.20.128.0/20', ['10.20.0.0/20', '10.20.128.0/20']],
    ['loopback,172.29.0.10,172.29.0.11/32', ['loopback', '172.29.0.10', '172.29.0.11/32']],
    ['::1, 2001:db8::/32', ['::1', '2001:db8::/32']],
    ['uniquelocal, linklocal', ['uniquelocal', 'linklocal']],
  ])('reads %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each([
    'yes',
    'everyone',
    '',
    '100',
    '-1',
    '1.5',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/8/8',
    '10.0.0.0/',
    '10.0.0.256',
    '::::',
    '10.0.0.1,',
    '10.0.0.1,,10.0.0.2',
    'loopback, evil.example',
    'LOOPBACK',
  ])('refuses %j', (value) => {
    expect(parseTrustProxy(value)).toBeUndefined();
  });
});

describe(IsTrustProxy.name, () => {
  it('accepts every form parseTrustProxy reads and names the variable in its refusal', () => {
    expect(problemsOf('10.0.0.0/8, loopback')).toEqual([]);
    expect(problemsOf('1')).toEqual([]);
    expect(problemsOf('10.0.0.0/33')).toEqual([
      expect.stringMatching(/^TRUST_PROXY must be false, a hop count, a comma-separated list/),
    ]);
  });
});
