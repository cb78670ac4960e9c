/** The roles Gatehouse knows. Stored by name in the `roles` table, seeded by migration. */
export enum Role {
  User = 'user',
  Admin = 'admin',
}

export const ALL_ROLES: readonly Role[] = [Role.User, Role.Admin];

/** Every new account gets this role. */
export const DEFAULT_ROLE = Role.User;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
