import { DomainError, DomainErrorCode, Role } from '@gatehouse/domain';
import { type EntityManager, In } from 'typeorm';
import { RoleEntity } from '../users/role.entity';
import { UserEntity } from '../users/user.entity';

/**
 * Serialises changes that could remove an admin (PostgreSQL row lock on the admin role; SQLite
 * transactions are already one at a time), then refuses to leave no active admin.
 */
export async function assertAnotherActiveAdmin(
  m: EntityManager,
  exceptUserId: string,
): Promise<void> {
  if (m.connection.options.type === 'postgres') {
    await m.query(`SELECT id FROM roles WHERE name = $1 FOR UPDATE`, [Role.Admin]);
  }
  const others = await m
    .createQueryBuilder(UserEntity, 'u')
    .innerJoin('u.roles', 'r', 'r.name = :admin', { admin: Role.Admin })
    .where('u.isActive = :active AND u.id != :id', { active: true, id: exceptUserId })
    .getCount();
  if (others === 0)
    throw new DomainError(DomainErrorCode.LastAdmin, 'the last active admin cannot be removed');
}

export function assertNotSelf(actorId: string, targetId: string, what: string): void {
  if (actorId === targetId)
    throw new DomainError(DomainErrorCode.SelfModification, `admins cannot ${what} themselves`);
}

/**
 * The ids of a complete role set: it must hold `user` (every account keeps it) and only known
 * roles. The query never runs with an empty list, which TypeORM would read as "every role".
 */
export async function roleIdsFor(m: EntityManager, names: readonly string[]): Promise<number[]> {
  if (!names.includes(Role.User))
    throw new DomainError(
      DomainErrorCode.UserRoleRequired,
      'every account keeps the "user" role: include it in roles',
    );
  const roles = await m.findBy(RoleEntity, { name: In([...names]) });
  const unknown = names.filter((n) => !roles.some((r) => r.name === n));
  if (unknown.length)
    throw new DomainError(DomainErrorCode.UnknownRole, `unknown role: ${unknown.join(', ')}`);
  return roles.map((r) => r.id);
}
