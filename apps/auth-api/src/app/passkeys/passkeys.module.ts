import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ReauthModule } from '../reauth/reauth.module';
import { UsersModule } from '../users/users.module';
import { ChallengeStore } from './challenge-store.service';
import { PasskeyReauthController } from './passkey-reauth.controller';
import { PasskeyReauthService } from './passkey-reauth.service';
import { PasskeyRegistrationService } from './passkey-registration.service';
import { PasskeySignInController } from './passkey-sign-in.controller';
import { PasskeySignInService } from './passkey-sign-in.service';
import { PasskeyVerifier } from './passkey-verifier.service';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';

/** Passkeys (WebAuthn): adding and managing them, signing in and re-authenticating with them. */
@Module({
  imports: [AuthModule, ReauthModule, UsersModule],
  controllers: [PasskeysController, PasskeySignInController, PasskeyReauthController],
  providers: [
    ChallengeStore,
    PasskeyReauthService,
    PasskeyRegistrationService,
    PasskeySignInService,
    PasskeyVerifier,
    PasskeysService,
  ],
})
export class PasskeysModule {}
