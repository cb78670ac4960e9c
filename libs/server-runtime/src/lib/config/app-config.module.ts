import { type DynamicModule, Module } from '@nestjs/common';

/**
 * Provides an app's validated config to every module, under its own class. The config is loaded
 * before Nest starts (each app's main.ts), so a bad variable stops the process before anything
 * else runs, and tests build apps from explicit configs instead of mutating process.env.
 */
@Module({})
export class AppConfigModule {
  static forRoot<T extends object>(
    configClass: abstract new (...args: never[]) => T,
    config: T,
  ): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: configClass, useValue: config }],
      exports: [configClass],
    };
  }
}
