/** A unique constraint refused the write (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const codes = [code, driverError?.code];
  return codes.includes('23505') || codes.includes('SQLITE_CONSTRAINT_UNIQUE');
}

/** How long a client should wait before retrying after a database outage (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Driver codes that say the database cannot serve now rather than that the request is wrong:
 * network errors; PostgreSQL connection failures (08xxx), shutdown (57P01-57P03), too many
 * connections or no disk/memory (53xxx), a cancelled statement (57014, statement_timeout);
 * SQLite busy or locked past its timeout, disk full, I/O errors, read-only or unopenable files.
 */
const UNAVAILABLE_CODES =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|08\w{3}|57P0[123]|53\d{3}|57014|SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL)\w*)$/;

/** pg's and better-sqlite3's errors that carry no code. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|The database connection is not open|Cannot use a pool after calling end)/;

/** The database is down, frozen, full or locked: a 503 the client may retry, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== 'object') return false;
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    e = driverError ?? cause;
  }
  return false;
}

/** One line for the log: the driver's code and message (never the query or its parameters). */
export function describeDatabaseError(error: unknown): string {
  const own = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = own.driverError?.code ?? own.code;
  const message = typeof own.message === 'string' ? own.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
