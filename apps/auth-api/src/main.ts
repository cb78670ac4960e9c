import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/load-config';
import { createApp } from './create-app';
import { runMigrations } from './database/run-migrations';

/** `node main.js` serves the API; `node main.js migrate` applies pending migrations and exits. */
async function main(): Promise<void> {
  // A pool thread per core, sized before anything uses the pool: argon2 hashes run there, and a
  // hash waiting in the pool's queue starts as soon as a thread is free (see hashSlots).
  process.env['UV_THREADPOOL_SIZE'] ??= String(availableParallelism());
  const config = loadConfig(process.env);
  if (process.argv[2] === 'migrate') {
    await runMigrations(config);
    return;
  }
  // After a full collection, V8 lets the heap grow 10 % past what survived instead of by its own
  // larger factor: under load it then holds ~10 MB less garbage between collections, for a few
  // per cent of /auth/me (README, "Benchmark"). V8 refuses this flag in NODE_OPTIONS.
  setFlagsFromString('--heap-growing-percent=10');
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((error: unknown) => {
  // One clear line per problem, then a non-zero exit: no stack for a configuration mistake.
  if (error instanceof ConfigError) {
    process.stderr.write(`auth-api: ${error.message}\n`);
  } else {
    process.stderr.write(
      `auth-api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
