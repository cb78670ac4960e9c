import { AuditEventType, type Permission } from '@gatehouse/domain';
import { Injectable, Logger } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { AuditService } from './audit.service';

/** Sessions and routes already audited; past this many, the oldest are forgotten. */
const REMEMBERED = 10_000;

/**
 * Authorisation refusals (ASVS 16.3.2). Every one is logged. The first per session and route
 * is also audited: a signed-in user repeating a refused call cannot grow the audit table, since
 * each new row needs another route or a new session (a sign-in, itself audited).
 */
@Injectable()
export class AccessDenialsService {
  private readonly logger = new Logger(AccessDenialsService.name);
  private readonly audited = new Set<string>();

  constructor(private readonly audit: AuditService) {}

  async record(
    principal: Principal,
    missing: Permission[],
    route: string,
    client: ClientContext,
    reason: 'missing_permission' | 'mfa_required' = 'missing_permission',
  ): Promise<void> {
    const permission = missing.join(', ');
    this.logger.warn({
      msg: 'permission refused',
      reason,
      userId: principal.id,
      permission,
      route,
    });
    const key = `${principal.sessionId} ${route}`;
    if (this.audited.has(key)) return;
    if (this.audited.size >= REMEMBERED)
      this.audited.delete(this.audited.values().next().value as string);
    this.audited.add(key);
    await this.audit.record({
      type: AuditEventType.AccessDenied,
      userId: principal.id,
      client,
      details: { permission, route, ...(reason === 'mfa_required' ? { reason } : {}) },
    });
  }
}
