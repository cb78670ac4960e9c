import { DomainError, Role } from '@gatehouse/domain';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { PasswordPolicy } from '../password/password-policy.service';
import { UsersService } from './users.service';

const STRANGER =
  'ADMIN_EMAIL names an existing account that ADMIN_PASSWORD does not sign in to: it was not made an admin. Sign in as it and set ADMIN_PASSWORD to its password, or choose another ADMIN_EMAIL';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, makes sure that account exists and is an admin.
 * Idempotent; an existing account keeps its password, and is promoted only when ADMIN_PASSWORD
 * is that password (otherwise the start fails, so a stranger's account is never promoted).
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
      if (existing.roles.some((r) => r.name === String(Role.Admin))) return;
      // Whoever registered the address first is not the operator unless they share its password.
      if (!(await this.hasher.verify(existing.passwordHash, password))) throw new Error(STRANGER);
      await this.tx.run((m) => this.users.assignRoles(m, existing.id, [Role.Admin]));
      this.logger.log(
        'ADMIN_EMAIL account existed and ADMIN_PASSWORD signs in to it; admin role granted',
      );
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
