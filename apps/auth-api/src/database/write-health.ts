import { statfsSync } from 'node:fs';

/** SQLite could not make a write durable: the disk is full, or the file cannot be written. */
const STORAGE_FAILURE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)\w*$/;

/** Free space that must come back, after a disk-full failure, before writes are tried again. */
const ROOM_BYTES = 64 * 1024;

export function isStorageFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, driverError } = e as { code?: unknown; driverError?: unknown };
    if (typeof code === 'string' && STORAGE_FAILURE.test(code)) return true;
    e = driverError;
  }
  return false;
}

/**
 * Whether the embedded database can take writes. Readiness (/health) must not claim health
 * while they fail, though reads (and so a ping) still work: after a storage failure it reports
 * false until a write commits again, or until the filesystem holding the database has regained
 * room (an operator freed space), after which the next write tells again.
 */
export class WriteHealth {
  /** Free bytes when the last storage failure happened; null while writes succeed. */
  private failedWithFree: number | null = null;

  constructor(private readonly directory: string) {}

  failed(error: unknown): void {
    if (isStorageFailure(error)) this.failedWithFree = this.freeBytes();
  }

  succeeded(): void {
    this.failedWithFree = null;
  }

  get healthy(): boolean {
    if (this.failedWithFree === null) return true;
    if (this.freeBytes() >= this.failedWithFree + ROOM_BYTES) this.failedWithFree = null;
    return this.failedWithFree === null;
  }

  private freeBytes(): number {
    try {
      const { bavail, bsize } = statfsSync(this.directory);
      return bavail * bsize;
    } catch {
      return 0;
    }
  }
}
