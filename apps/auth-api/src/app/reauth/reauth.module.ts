import { Module } from '@nestjs/common';
import { MfaModule } from '../mfa/mfa.module';
import { PasswordModule } from '../password/password.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { ReauthController } from './reauth.controller';
import { ReauthService } from './reauth.service';

@Module({
  imports: [MfaModule, PasswordModule, SessionsModule, UsersModule],
  controllers: [ReauthController],
  providers: [ReauthService],
  exports: [ReauthService],
})
export class ReauthModule {}
