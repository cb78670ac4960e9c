import { AppConfigModule, LoggingModule } from '@gatehouse/server-runtime';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthApiModule } from '../auth-api/auth-api.module';
import { PageExceptionFilter } from '../common/filters/page-exception.filter';
import { PageContextInterceptor } from '../common/view/page-context.interceptor';
import { ViewModule } from '../common/view/view.module';
import { AppConfig } from '../config/app-config';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';
import { PasskeysModule } from './passkeys/passkeys.module';
import { SsoModule } from './sso/sso.module';

@Module({})
export class AppModule {
  /** The whole web app for one validated configuration (tests build theirs the same way). */
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(AppConfig, config),
        LoggingModule.forRoot({
          level: config.LOG_LEVEL,
          format: config.logFormat,
          // The CSRF token of a logged form body.
          redactFields: ['_csrf'],
        }),
        AuthApiModule,
        ViewModule,
        AuthModule,
        DashboardModule,
        PasskeysModule,
        AdminModule,
        SsoModule,
      ],
      controllers: [HomeController, HealthController],
      providers: [
        { provide: APP_FILTER, useClass: PageExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: PageContextInterceptor },
      ],
    };
  }
}
