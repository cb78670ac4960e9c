import { Global, Module } from '@nestjs/common';
import { CredentialAttempts } from './credential-attempts.service';
import { MailCap } from './mail-cap.service';
import { RateLimitStore } from './rate-limit.store';

/** Global: sign-in, account and health code all consult the limits. */
@Global()
@Module({
  providers: [CredentialAttempts, MailCap, RateLimitStore],
  exports: [CredentialAttempts, MailCap, RateLimitStore],
})
export class RateLimitModule {}
