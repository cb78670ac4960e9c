import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AppLogger } from './app-logger';
import { createRootLogger } from './root-logger';

/** The root pino logger (inject with @Inject(ROOT_LOGGER)). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
const ROOT_DESTINATION = Symbol('ROOT_DESTINATION');

type Root = ReturnType<typeof createRootLogger>;

/** Nest re-raises SIGTERM after closing, so process 'exit' handlers would not flush the buffer. */
@Injectable()
class LogFlusher implements OnApplicationShutdown {
  constructor(@Inject(ROOT_DESTINATION) private readonly root: Root) {}

  onApplicationShutdown(): void {
    this.root.flushSync();
  }
}

/**
 * Logging for the whole app: AppLogger is Nest's logger (create-app.ts installs it), and
 * registerRequestLogging (logging/request-logging.ts) writes the access log with trace ids.
 */
@Global()
@Module({
  providers: [
    { provide: ROOT_DESTINATION, inject: [AppConfig], useFactory: createRootLogger },
    { provide: ROOT_LOGGER, inject: [ROOT_DESTINATION], useFactory: (root: Root) => root.logger },
    {
      provide: AppLogger,
      inject: [ROOT_LOGGER],
      useFactory: (logger: Root['logger']) => new AppLogger(logger),
    },
    LogFlusher,
  ],
  exports: [ROOT_LOGGER, AppLogger],
})
export class LoggingModule {}
