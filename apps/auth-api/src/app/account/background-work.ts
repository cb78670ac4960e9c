import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/**
 * Work done after the response: endpoints that must answer alike whether or not an account
 * exists (forgot-password, resend-verification) do their lookups here, so timing tells nothing.
 * Shutdown waits for the work started before it, so a reset link asked for just before a
 * deploy is still sent.
 */
@Injectable()
export class BackgroundWork implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BackgroundWork.name);
  private readonly pending = new Set<Promise<void>>();

  run(what: string, work: () => Promise<void>): void {
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) =>
        this.logger.error(
          `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Resolves once every task started so far, and any they started, has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /**
   * Nest runs this before it closes the HTTP server, so requests still arrive meanwhile: wait
   * for what is pending now, not for a moment with nothing pending, which steady traffic
   * might never give.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
