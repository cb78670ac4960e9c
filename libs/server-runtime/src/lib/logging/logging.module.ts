import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppLogger } from './app-logger';
import { createRootLogger, type RootLoggerOptions } from './root-logger';

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
 * Logging for a whole app: AppLogger is Nest's logger (the app's create-app.ts installs it), and
 * registerRequestLogging (request-logging.ts) writes the access log with trace ids.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(options: RootLoggerOptions): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_DESTINATION, useFactory: () => createRootLogger(options) },
        {
          provide: ROOT_LOGGER,
          inject: [ROOT_DESTINATION],
          useFactory: (root: Root) => root.logger,
        },
        {
          provide: AppLogger,
          inject: [ROOT_LOGGER],
          useFactory: (logger: Root['logger']) => new AppLogger(logger),
        },
        LogFlusher,
      ],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
