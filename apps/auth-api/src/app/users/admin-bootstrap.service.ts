import { DomainError, Role } from '@gatehouse/domain';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { PasswordHasher } from '../auth/password/password-hasher.service';
import { PasswordPolicy } from '../auth/password/password-policy.service';
import { UsersService } from './users.service';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, makes sure that account exists and is an admin.
 * Idempotent; an existing account keeps its password.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly tx: TransactionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (!existing.roles.some((r) => r.name === String(Role.Admin))) {
        await this.tx.run((m) => this.users.assignRoles(m, existing.id, [Role.Admin]));
        this.logger.log('ADMIN_EMAIL account existed; admin role granted');
      }
      return;
    }
    const problem = this.policy.problem(password, email);
    if (problem) throw new Error(`ADMIN_PASSWORD is refused: ${problem}`);
    try {
      await this.users.create({
        email,
        passwordHash: await this.hasher.hash(password),
        isVerified: true,
        roles: [Role.User, Role.Admin],
      });
      this.logger.log('admin account created from ADMIN_EMAIL');
    } catch (error) {
      // Another instance created it first: that is the idempotent outcome.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}
