import { getPermissions, hasPermission, Permission } from './permissions';
import { Role } from './role';

describe('permissions', () => {
  it('grants a user only their own profile', () => {
    expect([...getPermissions([Role.User])].sort()).toEqual([
      Permission.ProfileRead,
      Permission.ProfileWrite,
    ]);
    expect(hasPermission({ roles: [Role.User] }, Permission.UsersRead)).toBe(false);
  });

  it('grants an admin every permission', () => {
    for (const permission of Object.values(Permission)) {
      expect(hasPermission({ roles: [Role.Admin] }, permission)).toBe(true);
    }
  });

  it('ignores unknown role names instead of failing', () => {
    expect(getPermissions(['superuser']).size).toBe(0);
  });

  it('unions the permissions of several roles', () => {
    expect(getPermissions([Role.User, Role.Admin]).size).toBe(Object.values(Permission).length);
  });
});
