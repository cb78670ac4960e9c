import { type LoggerService } from '@nestjs/common';
import { type ProgressReporter } from './progress-reporter';

/**
 * Nest's own logs through the reporter: framework chatter (module init) only at debug, warnings
 * and errors as they are.
 */
export class CliLogger implements LoggerService {
  constructor(private readonly reporter: ProgressReporter) {}

  log(message: unknown, context?: string): void {
    this.reporter.debug(this.format(message, context));
  }

  debug(message: unknown, context?: string): void {
    this.reporter.debug(this.format(message, context));
  }

  verbose(message: unknown, context?: string): void {
    this.reporter.debug(this.format(message, context));
  }

  warn(message: unknown, context?: string): void {
    this.reporter.warn(this.format(message, context));
  }

  error(message: unknown, ...rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    this.reporter.error(this.format(message, context));
  }

  private format(message: unknown, context?: string): string {
    const text =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    return context ? `${context}: ${text}` : text;
  }
}
