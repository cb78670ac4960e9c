import { loadOrCreateDevSecret } from '@gatehouse/env-config';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PasswordModule } from '../password/password.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { SecretBox } from './secret-box';

@Module({
  imports: [PasswordModule, SessionsModule, UsersModule],
  controllers: [MfaController],
  providers: [
    MfaService,
    {
      provide: SecretBox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new SecretBox(
          config.ENCRYPTION_KEY
            ? Buffer.from(config.ENCRYPTION_KEY, 'hex')
            : loadOrCreateDevSecret(config.DATA_DIR, 'encryption-key'),
        ),
    },
  ],
  exports: [MfaService],
})
export class MfaModule {}
