import type {
  AuditEventPageResponse,
  DailyActivityResponse,
  ListAuditEventsQuery,
} from '@gatehouse/contracts';
import { AuditEventType } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

const DAY_MS = 86_400_000;

@Injectable()
export class AuditQueryService {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
  ) {}

  async list(query: ListAuditEventsQuery): Promise<AuditEventPageResponse> {
    const [rows, total] = await this.events.findAndCount({
      where: {
        ...(query.userId ? { userId: query.userId } : {}),
        ...(query.type ? { type: query.type } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return {
      items: rows.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  /** Sign-ups and successful logins per UTC day, oldest first, every day present. */
  async daily(days: number, now = new Date()): Promise<DailyActivityResponse> {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const since = new Date(today - (days - 1) * DAY_MS);
    const postgres = this.events.manager.connection.options.type === 'postgres';
    const day = postgres ? `to_char(e.created_at, 'YYYY-MM-DD')` : 'substr(e.created_at, 1, 10)';
    const rows = await this.events
      .createQueryBuilder('e')
      .select(day, 'day')
      .addSelect('e.type', 'type')
      .addSelect('COUNT(*)', 'n')
      .where('e.type IN (:...types)', {
        types: [AuditEventType.UserRegistered, AuditEventType.LoginSucceeded],
      })
      .andWhere('e.createdAt >= :since', { since: postgres ? since : sqliteTimestamp(since) })
      .groupBy(day)
      .addGroupBy('e.type')
      .getRawMany<{ day: string; type: string; n: string | number }>();
    const result = Array.from({ length: days }, (_, i) => ({
      date: new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10),
      signups: 0,
      logins: 0,
    }));
    const byDate = new Map(result.map((d) => [d.date, d]));
    for (const row of rows) {
      const entry = byDate.get(row.day);
      if (!entry) continue;
      if (row.type === String(AuditEventType.UserRegistered)) entry.signups += Number(row.n);
      else entry.logins += Number(row.n);
    }
    return { days: result };
  }
}

/** SQLite stores TypeORM datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' UTC text, compared as text. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
