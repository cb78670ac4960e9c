import { Module } from '@nestjs/common';
import { FormResponder } from '../../common/forms/form-responder';
import { PasskeyAnswers } from './passkey-answers';
import { PasskeySignInController } from './passkey-sign-in.controller';
import { PasskeysController } from './passkeys.controller';

/** Passkeys in the browser: sign-in, the dashboard's list, confirming with a passkey. */
@Module({
  controllers: [PasskeySignInController, PasskeysController],
  providers: [FormResponder, PasskeyAnswers],
})
export class PasskeysModule {}
