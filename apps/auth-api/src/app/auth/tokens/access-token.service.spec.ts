import { DomainErrorCode } from '@gatehouse/domain';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../config/load-config';
import { AccessTokenService } from './access-token.service';

describe(AccessTokenService.name, () => {
  const config = loadConfig({
    JWT_SECRET: 'unit-test-secret-0123456789abcdef0123',
    ACCESS_TOKEN_TTL_SECONDS: '60',
  });
  const input = { userId: randomUUID(), sessionId: randomUUID(), roles: ['user'] };

  afterEach(() => jest.useRealTimers());

  it('signs tokens it verifies, with the claims the guard needs', () => {
    const sut = new AccessTokenService(config);
    const claims = sut.verify(sut.sign(input));
    expect(claims).toMatchObject({
      sub: input.userId,
      sid: input.sessionId,
      roles: ['user'],
      typ: 'access',
      iss: 'gatehouse',
      aud: 'gatehouse',
    });
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('remembers a verified token only until it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') });
    const sut = new AccessTokenService(config);
    const token = sut.sign(input);
    expect(sut.verify(token).sub).toBe(input.userId);
    expect(sut.verify(token).sub).toBe(input.userId); // from memory
    jest.setSystemTime(new Date('2026-11-25T10:01:10Z'));
    expect(() => sut.verify(token)).toThrow(
      expect.objectContaining({
        code: DomainErrorCode.Unauthenticated,
        message: 'access token has expired',
      }),
    );
  });

  it('never lets a remembered token vouch for a tampered copy', () => {
    const sut = new AccessTokenService(config);
    const token = sut.sign(input);
    sut.verify(token);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = signature.startsWith('A') ? 'B' : 'A';
    const forged = `${header}.${payload}.${flipped}${signature.slice(1)}`;
    expect(() => sut.verify(forged)).toThrow('access token is invalid');
  });

  it('refuses a token from another issuer configuration', () => {
    const other = new AccessTokenService(
      loadConfig({ JWT_SECRET: 'unit-test-secret-0123456789abcdef0123', JWT_AUDIENCE: 'billing' }),
    );
    expect(() => new AccessTokenService(config).verify(other.sign(input))).toThrow(
      'access token is invalid',
    );
  });
});
