import type {
  ListUsersQuery,
  UpdateUserDto,
  UserPageResponse,
  UserResponse,
  UserStatsResponse,
} from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode, Role } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../sessions/sessions.service';
import type { RoleEntity } from '../users/role.entity';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { assertAnotherActiveAdmin, assertNotSelf, roleIdsFor } from './admin-guards';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** User management for admins. Deactivation and deletion end the user's sessions at once. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async list(query: ListUsersQuery): Promise<UserPageResponse> {
    const qb = this.users.queryWithRoles().orderBy('user.createdAt', 'DESC').addOrderBy('user.id');
    if (query.q) {
      // Stored emails are NFC: a search typed with a decomposed accent finds them too.
      const like = `%${escapeLike(query.q.normalize('NFC').toLowerCase())}%`;
      qb.where(
        "(LOWER(user.email) LIKE :like ESCAPE '\\' OR LOWER(user.firstName) LIKE :like ESCAPE '\\' OR LOWER(user.lastName) LIKE :like ESCAPE '\\')",
        { like },
      );
    }
    const [rows, total] = await qb
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
    return {
      items: await this.users.toResponses(rows.map(toUserView)),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  async stats(): Promise<UserStatsResponse> {
    const count = (where?: string, params?: Record<string, unknown>) => {
      const qb = this.users.queryWithRoles();
      if (where) qb.where(where, params);
      return qb.getCount();
    };
    const [total, active, verified, admins] = await Promise.all([
      count(),
      count('user.isActive = :yes', { yes: true }),
      count('user.isVerified = :yes', { yes: true }),
      count('role.name = :admin', { admin: Role.Admin }),
    ]);
    return { total, active, verified, admins };
  }

  async get(id: string): Promise<UserResponse> {
    return this.users.toResponse(toUserView(await this.require(id)));
  }

  async update(
    actorId: string,
    id: string,
    dto: UpdateUserDto,
    client: ClientContext,
  ): Promise<UserResponse> {
    const target = await this.require(id);
    const deactivating = dto.isActive === false && target.isActive;
    if (deactivating) assertNotSelf(actorId, id, 'deactivate');
    await this.tx.run(async (m) => {
      if (deactivating && target.roles.some((r) => r.name === String(Role.Admin)))
        await assertAnotherActiveAdmin(m, id);
      const now = new Date();
      const changes: Partial<UserEntity> = {};
      if (dto.isActive !== undefined) changes.isActive = dto.isActive;
      if (dto.isVerified !== undefined) changes.isVerified = dto.isVerified;
      if (dto.firstName !== undefined) changes.firstName = dto.firstName || null;
      if (dto.lastName !== undefined) changes.lastName = dto.lastName || null;
      if (deactivating) changes.tokensValidAfter = now;
      if (Object.keys(changes).length) await m.update(UserEntity, { id }, changes);
      if (deactivating) await this.sessions.endAllFor(m, id, now);
      const type =
        dto.isActive === undefined || dto.isActive === target.isActive
          ? AuditEventType.UserUpdated
          : dto.isActive
            ? AuditEventType.UserActivated
            : AuditEventType.UserDeactivated;
      await this.audit.recordIn(m, {
        type,
        userId: id,
        actorId,
        client,
        details: { fields: Object.keys(changes) },
      });
    });
    return this.get(id);
  }

  async setRoles(
    actorId: string,
    id: string,
    roles: string[],
    client: ClientContext,
  ): Promise<UserResponse> {
    const target = await this.require(id);
    const before = target.roles.map((r) => r.name).sort();
    const losesAdmin = before.includes(Role.Admin) && !roles.includes(Role.Admin);
    if (losesAdmin) assertNotSelf(actorId, id, 'remove the admin role from');
    await this.tx.run(async (m) => {
      const roleIds = await roleIdsFor(m, roles);
      if (losesAdmin && target.isActive) await assertAnotherActiveAdmin(m, id);
      await m.query(
        m.connection.options.type === 'postgres'
          ? 'DELETE FROM user_roles WHERE user_id = $1'
          : 'DELETE FROM user_roles WHERE user_id = ?',
        [id],
      );
      const relation = m.createQueryBuilder().relation(UserEntity, 'roles').of(id);
      await relation.add(roleIds);
      // The event records what the table now holds, not what was asked for.
      const stored = await relation.loadMany<RoleEntity>();
      await this.audit.recordIn(m, {
        type: AuditEventType.RolesChanged,
        userId: id,
        actorId,
        client,
        details: { from: before, to: stored.map((r) => r.name).sort() },
      });
    });
    return this.get(id);
  }

  async remove(actorId: string, id: string, client: ClientContext): Promise<void> {
    assertNotSelf(actorId, id, 'delete');
    const target = await this.require(id);
    await this.tx.run(async (m) => {
      if (target.isActive && target.roles.some((r) => r.name === String(Role.Admin)))
        await assertAnotherActiveAdmin(m, id);
      await m.delete(UserEntity, { id }); // sessions, tokens and roles cascade
      await this.audit.recordIn(m, {
        type: AuditEventType.UserDeleted,
        userId: id,
        actorId,
        client,
      });
    });
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError(DomainErrorCode.NotFound, 'no such user');
    return user;
  }
}
