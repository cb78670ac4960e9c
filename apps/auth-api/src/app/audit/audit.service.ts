import type { AuditEventType } from '@gatehouse/domain';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import { insertRow } from '../../database/insert-row';
import { TransactionService } from '../../database/transaction.service';
import { type AuditDetails, AuditEventEntity } from './audit-event.entity';

export interface AuditRecord {
  type: AuditEventType;
  /** The user the event is about. */
  userId?: string | null;
  /** Who acted, when not the user themself (an admin). Defaults to the user. */
  actorId?: string | null;
  client: ClientContext;
  /** Facts only: never a password, token, code or secret. */
  details?: AuditDetails;
}

export type AuditRow = Omit<AuditEventEntity, 'createdAt'>;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly tx: TransactionService) {}

  /** Records an event inside the caller's transaction, so it commits with what it describes. */
  async recordIn(manager: EntityManager, record: AuditRecord): Promise<void> {
    await insertRow(manager, AuditEventEntity, this.rowFor(record));
  }

  /**
   * Records an event on its own. A failure is logged, never thrown: the audit trail must not
   * turn a refused login into a server error.
   */
  async record(record: AuditRecord): Promise<void> {
    try {
      await this.tx.run((manager) => this.recordIn(manager, record));
    } catch (error) {
      this.logger.error(`audit event ${record.type} not recorded: ${(error as Error).message}`);
    }
  }

  /** The row an event is stored as (created_at is the database's or the writer's). */
  rowFor(record: AuditRecord): AuditRow {
    return {
      id: randomUUID(),
      type: record.type,
      userId: record.userId ?? null,
      actorId: record.actorId !== undefined ? record.actorId : (record.userId ?? null),
      ip: record.client.ip,
      userAgent: record.client.userAgent,
      traceId: record.client.traceId,
      details: record.details ?? {},
    };
  }
}
