import type { UserResponse } from '@gatehouse/contracts';
import {
  DEFAULT_ROLE,
  DomainError,
  DomainErrorCode,
  emailKey,
  normalizeEmail,
} from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type EntityManager, In, Repository } from 'typeorm';
import { isUniqueViolation } from '../../database/database-errors';
import { TransactionService } from '../../database/transaction.service';
import { RoleEntity } from './role.entity';
import { SignInMethodsRepository } from './sign-in-methods.repository';
import { UserEntity } from './user.entity';
import { toUserResponse, type UserView } from './user.mapper';

export interface NewUser {
  email: string;
  passwordHash: string | null;
  firstName?: string | null;
  lastName?: string | null;
  isVerified?: boolean;
  roles?: string[];
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly tx: TransactionService,
    private readonly signInMethods: SignInMethodsRepository,
  ) {}

  /** The public face of accounts, with how each can sign in (one query for those not known). */
  async toResponses(views: UserView[]): Promise<UserResponse[]> {
    const unknown = views.filter((v) => !v.signInMethods).map((v) => v.id);
    const methods = await this.signInMethods.of(this.users.manager, unknown);
    return views.map((view) => toUserResponse(view, view.signInMethods ?? methods.get(view.id)));
  }

  async toResponse(view: UserView): Promise<UserResponse> {
    const [response] = await this.toResponses([view]);
    if (!response) throw new Error('toResponses dropped an account');
    return response;
  }

  /** The account of this address or of a look-alike of it (same emailKey). */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.queryWithRoles()
      .where('user.emailKey = :key', { key: emailKey(email) })
      .getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.queryWithRoles().where('user.id = :id', { id }).getOne();
  }

  async emailExists(email: string): Promise<boolean> {
    return (await this.users.countBy({ emailKey: emailKey(email) })) > 0;
  }

  /**
   * Inserts the user and their roles atomically; EMAIL_TAKEN if the address, or a look-alike
   * of it, is already used.
   */
  async create(input: NewUser): Promise<UserEntity> {
    const id = randomUUID();
    try {
      await this.tx.run(async (manager) => {
        await manager.insert(UserEntity, {
          id,
          email: normalizeEmail(input.email),
          emailKey: emailKey(input.email),
          passwordHash: input.passwordHash,
          firstName: input.firstName ?? null,
          lastName: input.lastName ?? null,
          isVerified: input.isVerified ?? false,
        });
        await this.assignRoles(manager, id, input.roles ?? [DEFAULT_ROLE]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          DomainErrorCode.EmailTaken,
          'an account with this email already exists',
        );
      }
      throw error;
    }
    const created = await this.findById(id);
    if (!created) throw new Error(`user ${id} vanished after insert`);
    return created;
  }

  /** Adds roles to a user inside an open transaction (existing pairs are kept). */
  async assignRoles(manager: EntityManager, userId: string, roleNames: string[]): Promise<void> {
    const roles = await manager.findBy(RoleEntity, { name: In(roleNames) });
    if (roles.length !== new Set(roleNames).size) {
      throw new DomainError(
        DomainErrorCode.UnknownRole,
        `unknown role in: ${roleNames.join(', ')}`,
      );
    }
    await manager
      .createQueryBuilder()
      .relation(UserEntity, 'roles')
      .of(userId)
      .add(roles.map((r) => r.id));
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.tx.run((manager) => manager.update(UserEntity, { id: userId }, { passwordHash }));
  }

  /** Users with their roles and 2FA state joined, for lookups and admin listings. */
  queryWithRoles() {
    return this.users
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.roles', 'role')
      .leftJoinAndSelect('user.mfa', 'mfa');
  }
}
