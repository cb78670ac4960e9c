import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionTokenEntity } from './action-token.entity';
import { ActionTokensService } from './action-tokens.service';

/** Single-use emailed tokens (verify email, reset password, change email, enrol MFA at login). */
@Module({
  imports: [TypeOrmModule.forFeature([ActionTokenEntity])],
  providers: [ActionTokensService],
  exports: [ActionTokensService],
})
export class ActionTokensModule {}
