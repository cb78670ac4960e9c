import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwksController } from './jwks.controller';
import { PasswordModule } from './password/password.module';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [PasswordModule, SessionsModule, TokensModule, UsersModule],
  controllers: [AuthController, JwksController],
  providers: [AuthService],
})
export class AuthModule {}
