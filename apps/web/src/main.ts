import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/load-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('web').log(
    `listening on http://${config.HOST}:${config.PORT} (auth-api: ${config.AUTH_API_URL})`,
  );
}

main().catch((error: unknown) => {
  // One clear line per problem, then a non-zero exit: no stack for a configuration mistake.
  if (error instanceof ConfigError) {
    process.stderr.write(`web: ${error.message}\n`);
  } else {
    process.stderr.write(
      `web: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
