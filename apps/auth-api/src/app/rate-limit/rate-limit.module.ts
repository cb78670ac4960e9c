import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { CredentialAttempts } from './credential-attempts.service';
import { RateLimitStore } from './rate-limit.store';

@Global()
@Module({
  providers: [CredentialAttempts, RateLimitStore],
  exports: [CredentialAttempts, RateLimitStore],
})
class RateLimitStoreModule {}

const emailOf = (request: FastifyRequest): string => {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : 'no-email';
};

@Module({
  imports: [
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RateLimitStore],
      useFactory: (config: AppConfig, storage: RateLimitStore) => ({
        storage,
        setHeaders: false,
        throttlers: [
          {
            name: 'global',
            limit: config.RATE_LIMIT_GLOBAL_MAX,
            ttl: config.RATE_LIMIT_GLOBAL_WINDOW_SECONDS * 1000,
            generateKey: (_context, tracker) => `global:${tracker}`,
          },
          {
            name: 'email',
            limit: config.RATE_LIMIT_EMAIL_MAX,
            ttl: config.RATE_LIMIT_EMAIL_WINDOW_SECONDS * 1000,
            getTracker: (request: Record<string, unknown>) =>
              emailOf(request as unknown as FastifyRequest),
            generateKey: (context, tracker) => `email:${context.getHandler().name}:${tracker}`,
          },
        ],
      }),
    }),
  ],
  exports: [RateLimitStoreModule],
})
export class RateLimitModule {}
