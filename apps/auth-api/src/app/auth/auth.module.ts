import { Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module';
import { MfaModule } from '../mfa/mfa.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwksController } from './jwks.controller';
import { LoginService } from './login.service';
import { PasswordModule } from './password/password.module';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [AccountModule, MfaModule, PasswordModule, SessionsModule, TokensModule, UsersModule],
  controllers: [AuthController, JwksController],
  providers: [AuthService, LoginService],
})
export class AuthModule {}
