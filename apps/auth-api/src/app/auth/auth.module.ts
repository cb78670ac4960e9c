import { Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module';
import { ActionTokensModule } from '../action-tokens/action-tokens.module';
import { MfaModule } from '../mfa/mfa.module';
import { PasswordModule } from '../password/password.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwksController } from './jwks.controller';
import { LoginService } from './login.service';
import { MfaEnrollmentController } from './mfa-enrollment.controller';
import { MfaEnrollmentService } from './mfa-enrollment.service';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [
    AccountModule,
    ActionTokensModule,
    MfaModule,
    PasswordModule,
    SessionsModule,
    TokensModule,
    UsersModule,
  ],
  controllers: [AuthController, JwksController, MfaEnrollmentController],
  providers: [AuthService, LoginService, MfaEnrollmentService],
  exports: [LoginService],
})
export class AuthModule {}
