import { AppConfigModule, LoggingModule } from '@gatehouse/server-runtime';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';
import { createValidationPipe } from '../common/pipes/validation.pipe';
import { AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { PermissionsGuard } from './audit/permissions.guard';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AuthModule } from './auth/auth.module';
import { TokensModule } from './auth/tokens/tokens.module';
import { HealthModule } from './health/health.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { PasskeysModule } from './passkeys/passkeys.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RequestLimitGuard } from './rate-limit/request-limit.guard';
import { ReauthModule } from './reauth/reauth.module';
import { RecentAuthGuard } from './reauth/recent-auth.guard';
import { SsoModule } from './sso/sso.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole API for one validated configuration (tests build theirs the same way). */
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(AppConfig, config),
        LoggingModule.forRoot({ level: config.LOG_LEVEL, format: config.logFormat }),
        DatabaseModule,
        MetricsModule,
        AuditModule,
        MailModule,
        RateLimitModule,
        TokensModule,
        UsersModule,
        AuthModule,
        ReauthModule,
        PasskeysModule,
        SsoModule,
        AdminModule,
        HealthModule,
        HousekeepingModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // Order matters: rate limits first (cheap), then authentication, then permissions,
        // then the recent proof of the credential that sensitive routes need.
        // Switched off, the limiter is not installed at all rather than consulted per request.
        ...(config.RATE_LIMIT_ENABLED ? [{ provide: APP_GUARD, useClass: RequestLimitGuard }] : []),
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        { provide: APP_GUARD, useClass: RecentAuthGuard },
      ],
    };
  }
}
