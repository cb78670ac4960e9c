import { Role } from './role';

/** What a caller may do. Guards check permissions, never role names, so roles can grow. */
export enum Permission {
  ProfileRead = 'profile:read',
  ProfileWrite = 'profile:write',
  UsersRead = 'users:read',
  UsersWrite = 'users:write',
  UsersDelete = 'users:delete',
  RolesRead = 'roles:read',
  RolesAssign = 'roles:assign',
  AuditRead = 'audit:read',
}

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.User]: [Permission.ProfileRead, Permission.ProfileWrite],
  [Role.Admin]: Object.values(Permission),
};

export function getPermissions(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of ROLE_PERMISSIONS[role as Role] ?? []) granted.add(permission);
  }
  return granted;
}

export function hasPermission(
  subject: { roles: readonly string[] },
  permission: Permission,
): boolean {
  return getPermissions(subject.roles).has(permission);
}
