import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/load-config';
import { createApp } from './create-app';
import { runMigrations } from './database/run-migrations';

/** `node main.js` serves the API; `node main.js migrate` applies pending migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (process.argv[2] === 'migrate') {
    await runMigrations(config);
    return;
  }
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
