import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordModule } from '../password/password.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { ActionTokenEntity } from './action-token.entity';
import { ActionTokensService } from './action-tokens.service';
import { EmailChangeService } from './email-change.service';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ActionTokenEntity]),
    PasswordModule,
    SessionsModule,
    UsersModule,
  ],
  controllers: [AccountController],
  providers: [
    AccountService,
    ActionTokensService,
    EmailChangeService,
    EmailVerificationService,
    PasswordResetService,
  ],
  exports: [ActionTokensService, EmailVerificationService],
})
export class AccountModule {}
