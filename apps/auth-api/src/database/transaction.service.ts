import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a unit of work in a transaction. TypeORM drives better-sqlite3 through one shared
 * connection, so two overlapping transactions would nest as savepoints of each other; on
 * SQLite they are therefore queued, one at a time. PostgreSQL uses pooled connections.
 * Every write goes through here, and a unit of work should not await anything but the database.
 */
@Injectable()
export class TransactionService {
  private readonly serialize: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Synchronous driver work (better-sqlite3 statements) run between the queued transactions,
   * so it never lands inside one that could still roll back. Not for PostgreSQL.
   */
  exclusive<T>(work: () => T): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
