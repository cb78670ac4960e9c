import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { dirname } from 'node:path';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';
import { nativeDriver, type SqliteConnection } from './native-driver';
import { WriteHealth } from './write-health';

/**
 * Runs a unit of work in a transaction. TypeORM drives better-sqlite3 through one shared
 * connection, so two overlapping transactions would nest as savepoints of each other; on
 * SQLite they are therefore queued, one at a time. PostgreSQL uses pooled connections.
 * Every write goes through here, and a unit of work should not await anything but the database.
 */
@Injectable()
export class TransactionService {
  /** SQLite's one shared connection queues its transactions (see above). */
  private readonly queued: boolean;
  private readonly sqlite: SqliteConnection | null;
  private readonly writes: WriteHealth | null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const native = nativeDriver(dataSource);
    this.queued = dataSource.options.type === 'better-sqlite3';
    this.sqlite = native?.kind === 'sqlite' ? native.connection : null;
    const file = dataSource.options.type === 'better-sqlite3' ? dataSource.options.database : '';
    this.writes = this.queued && file !== ':memory:' ? new WriteHealth(dirname(file)) : null;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.queued) return this.runPooled(work);
    return this.enqueue(() => this.runQueued(work));
  }

  /**
   * Synchronous driver work (better-sqlite3 statements) run between the queued transactions,
   * so it never lands inside one that could still roll back. Not for PostgreSQL.
   */
  exclusive<T>(work: () => T): Promise<T> {
    return this.enqueue(work);
  }

  /** False while SQLite writes fail for want of storage (see WriteHealth); readiness uses it. */
  get writable(): boolean {
    return this.writes?.healthy ?? true;
  }

  private enqueue<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(work).then(
      (value) => {
        this.writes?.succeeded();
        return value;
      },
      (error: unknown) => {
        this.resetConnection();
        this.writes?.failed(error);
        throw error;
      },
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runQueued<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner(); // better-sqlite3: the one shared runner
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }

  /**
   * After a failed unit of work the connection must be idle again. On a full disk or an I/O
   * error SQLite may roll the transaction back by itself: TypeORM's ROLLBACK then fails and
   * leaves it counting an open transaction, so every later one would nest in it as a
   * savepoint that is never committed (accepted writes lost at restart). Whatever happened,
   * an open transaction is rolled back and TypeORM's count starts again from zero.
   */
  private resetConnection(): void {
    if (!this.sqlite) return;
    try {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
    } catch {
      // Nothing left to roll back.
    }
    const runner = this.dataSource.createQueryRunner() as unknown as {
      transactionDepth: number;
      isTransactionActive: boolean;
    };
    runner.transactionDepth = 0;
    runner.isTransactionActive = false;
  }

  /**
   * A transaction on a pooled connection. When the connection itself failed (the server went
   * away or stopped answering), no ROLLBACK is sent on it: that would wait out another
   * timeout. The connection is dropped from the pool instead, and the server rolls back.
   */
  private async runPooled<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let broken: unknown;
    try {
      await runner.startTransaction();
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (isDatabaseUnavailable(error)) broken = error;
      else await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await releaseConnection(runner, broken);
    }
  }
}

/** Gives the connection back; a broken one is closed instead of reused (pg-pool's contract). */
async function releaseConnection(runner: QueryRunner, broken: unknown): Promise<void> {
  const postgres = runner as QueryRunner & {
    releasePostgresConnection?(error?: unknown): Promise<void>;
  };
  if (broken !== undefined && postgres.releasePostgresConnection)
    await postgres.releasePostgresConnection(broken);
  else await runner.release();
}
