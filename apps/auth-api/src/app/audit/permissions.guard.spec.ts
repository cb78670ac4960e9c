import { DomainErrorCode, Permission, Role } from '@gatehouse/domain';
import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { loadConfig } from '../../config/load-config';
import type { Principal } from '../users/principal';
import type { PrincipalRepository } from '../users/principal.repository';
import type { AccessDenialsService } from './access-denials.service';
import { PermissionsGuard } from './permissions.guard';

/** A request to a route needing `required`, made by a caller with these roles and 2FA state. */
function contextFor(required: Permission[], roles: Role[], mfaEnabled: boolean) {
  const principal = { id: 'u1', sessionId: 's1', roles, mfaEnabled } as Principal;
  const request = {
    principal,
    method: 'GET',
    routeOptions: { url: '/users' },
    headers: {},
    ip: '127.0.0.1',
    id: 't1',
  };
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  const reflector = { getAllAndOverride: () => required } as unknown as Reflector;
  return { context, reflector };
}

describe(PermissionsGuard.name, () => {
  const record = jest.fn<Promise<void>, unknown[]>(() => Promise.resolve());
  const denials = { record } as unknown as AccessDenialsService;
  const guardFor = (env: Record<string, string>, reflector: Reflector) =>
    new PermissionsGuard(reflector, denials, loadConfig(env), {
      hasPasskey: () => Promise.resolve(false),
    } as unknown as PrincipalRepository);
  beforeEach(() => record.mockClear());

  it('refuses an admin route to an admin without 2FA while REQUIRE_ADMIN_MFA is on, and records why', async () => {
    const { context, reflector } = contextFor(
      [Permission.UsersRead],
      [Role.User, Role.Admin],
      false,
    );
    const sut = guardFor({ REQUIRE_ADMIN_MFA: 'true' }, reflector);
    await expect(sut.canActivate(context)).rejects.toMatchObject({
      code: DomainErrorCode.MfaRequired,
    });
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'u1' }),
      [Permission.UsersRead],
      'GET /users',
      expect.anything(),
      'mfa_required',
    );
  });

  it('lets an admin with 2FA through, and an admin without it when the setting is off', async () => {
    const on = contextFor([Permission.UsersRead], [Role.User, Role.Admin], true);
    await expect(
      guardFor({ REQUIRE_ADMIN_MFA: 'true' }, on.reflector).canActivate(on.context),
    ).resolves.toBe(true);
    const off = contextFor([Permission.UsersRead], [Role.User, Role.Admin], false);
    await expect(
      guardFor({ REQUIRE_ADMIN_MFA: 'false' }, off.reflector).canActivate(off.context),
    ).resolves.toBe(true);
    expect(record).not.toHaveBeenCalled();
  });

  it('leaves routes every account may use open to an admin without 2FA', async () => {
    const { context, reflector } = contextFor(
      [Permission.ProfileRead],
      [Role.User, Role.Admin],
      false,
    );
    await expect(
      guardFor({ REQUIRE_ADMIN_MFA: 'true' }, reflector).canActivate(context),
    ).resolves.toBe(true);
  });

  it('still answers a plain user FORBIDDEN, not MFA_REQUIRED', async () => {
    const { context, reflector } = contextFor([Permission.UsersRead], [Role.User], false);
    await expect(
      guardFor({ REQUIRE_ADMIN_MFA: 'true' }, reflector).canActivate(context),
    ).rejects.toMatchObject({ code: DomainErrorCode.Forbidden });
  });
});
