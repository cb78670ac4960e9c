import type { Logger } from '@nestjs/common';

/**
 * Runs work after the response: endpoints that must answer alike whether or not an account
 * exists (forgot-password, resend-verification) do their lookups here, so timing tells nothing.
 */
export function inBackground(logger: Logger, what: string, work: () => Promise<void>): void {
  setImmediate(() => {
    work().catch((error: unknown) =>
      logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
}
