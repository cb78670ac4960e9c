import { DomainErrorCode } from '@gatehouse/domain';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { Principal } from '../users/principal';
import type { ReauthService } from './reauth.service';
import { proofIn, RecentAuthGuard } from './recent-auth.guard';

const OWN_SESSION = '11111111-1111-4111-8111-111111111111';
const OTHER_SESSION = '22222222-2222-4222-8222-222222222222';

class Routes {
  open(): string {
    return 'open';
  }

  @RequiresRecentAuth()
  sensitive(): string {
    return 'sensitive';
  }

  @RequiresRecentAuth({ exceptOwnSession: 'id' })
  endSession(): string {
    return 'endSession';
  }
}

function contextFor(
  handler: keyof Routes,
  request: { principal?: Partial<Principal>; body?: unknown; params?: unknown },
): ExecutionContext {
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ headers: {}, ip: '127.0.0.1', ...request }) }),
  } as unknown as ExecutionContext;
}

describe(RecentAuthGuard.name, () => {
  const user = { id: 'u1', sessionId: OWN_SESSION, mfaEnabled: false } as Principal;
  let recent: boolean;
  let reauth: { isRecent: jest.Mock; reauthenticate: jest.Mock };
  let sut: RecentAuthGuard;

  beforeEach(() => {
    recent = false;
    reauth = {
      isRecent: jest.fn(() => Promise.resolve(recent)),
      reauthenticate: jest.fn(() => Promise.resolve()),
    };
    sut = new RecentAuthGuard(new Reflector(), reauth as unknown as ReauthService);
  });

  it('lets unmarked routes through without looking at the session', async () => {
    await expect(sut.canActivate(contextFor('open', { principal: user }))).resolves.toBe(true);
    expect(reauth.isRecent).not.toHaveBeenCalled();
  });

  it('lets a marked route through for a session with a recent proof', async () => {
    recent = true;
    await expect(sut.canActivate(contextFor('sensitive', { principal: user }))).resolves.toBe(true);
    expect(reauth.reauthenticate).not.toHaveBeenCalled();
  });

  it('refuses a stale session without a proof: REAUTHENTICATION_REQUIRED', async () => {
    await expect(
      sut.canActivate(contextFor('sensitive', { principal: user, body: { other: 1 } })),
    ).rejects.toMatchObject({ code: DomainErrorCode.ReauthenticationRequired });
  });

  it('checks an inline password through ReauthService, and passes its refusal on', async () => {
    await expect(
      sut.canActivate(
        contextFor('sensitive', { principal: user, body: { currentPassword: 'secret' } }),
      ),
    ).resolves.toBe(true);
    expect(reauth.reauthenticate).toHaveBeenCalledWith(
      user,
      { password: 'secret' },
      expect.objectContaining({ ip: '127.0.0.1' }),
    );
    reauth.reauthenticate.mockRejectedValueOnce(new Error('wrong'));
    await expect(
      sut.canActivate(contextFor('sensitive', { principal: user, body: { currentPassword: 'x' } })),
    ).rejects.toThrow('wrong');
  });

  it('needs no proof to end the caller’s own session, but does for another', async () => {
    await expect(
      sut.canActivate(contextFor('endSession', { principal: user, params: { id: OWN_SESSION } })),
    ).resolves.toBe(true);
    await expect(
      sut.canActivate(contextFor('endSession', { principal: user, params: { id: OTHER_SESSION } })),
    ).rejects.toMatchObject({ code: DomainErrorCode.ReauthenticationRequired });
  });

  it('refuses a marked route without a signed-in caller', async () => {
    await expect(sut.canActivate(contextFor('sensitive', {}))).rejects.toMatchObject({
      code: DomainErrorCode.Unauthenticated,
    });
  });
});

describe(proofIn.name, () => {
  const off = { mfaEnabled: false };
  const on = { mfaEnabled: true };

  it('takes currentPassword first, a code only while 2FA is on', () => {
    expect(proofIn({ currentPassword: 'pw', code: '123456' }, on)).toEqual({ password: 'pw' });
    expect(proofIn({ code: '123 456' }, on)).toEqual({ code: '123456' });
    expect(proofIn({ code: 'abcde-23456' }, on)).toEqual({ code: 'abcde-23456' });
    // enable's own code (from the new secret) is no proof while 2FA is off
    expect(proofIn({ code: '123456' }, off)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a string body', 'currentPassword'],
    ['an empty password', { currentPassword: '' }],
    ['a password over the length limit', { currentPassword: 'x'.repeat(5000) }],
    ['a non-string password', { currentPassword: ['pw'] }],
    ['a malformed code', { code: '12345' }],
  ])('finds no proof in %s', (_, body) => {
    expect(proofIn(body, on)).toBeNull();
  });
});
