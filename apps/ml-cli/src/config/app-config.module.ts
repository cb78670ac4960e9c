import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/**
 * ml-cli's own copy of server-runtime's AppConfigModule: importing that library would put
 * fastify, pino and helmet into the CLI's image and start-up for 15 lines.
 *
 * Provides the validated AppConfig to every module. It is loaded before Nest starts (main.ts), so
 * a bad variable stops the process first, and tests build the app from explicit configs.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
