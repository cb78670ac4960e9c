import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

/**
 * Sends TypeORM's warnings, errors and migration notes to the app logger. Queries and their
 * parameters are never logged: parameters can hold emails and hashes.
 */
export class TypeOrmLogger implements Logger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {
    // Query logging stays off: parameters may hold personal data.
  }

  logQueryError(error: string | Error): void {
    // An outage is logged once, where the request fails (the exception filter).
    if (isDatabaseUnavailable(error)) return;
    this.logger.warn(`query failed: ${error instanceof Error ? error.message : error}`);
  }

  logQuerySlow(time: number): void {
    this.logger.warn(`slow query: ${time} ms`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}
