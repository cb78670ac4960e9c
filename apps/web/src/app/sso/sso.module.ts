import { Module } from '@nestjs/common';
import { FormResponder } from '../../common/forms/form-responder';
import { SsoLinkController } from './sso-link.controller';
import { SsoProviders } from './sso-providers';
import { SsoController } from './sso.controller';

/** Sign-in with OpenID Connect providers, linking and unlinking them. */
@Module({
  controllers: [SsoController, SsoLinkController],
  providers: [FormResponder, SsoProviders],
  exports: [SsoProviders],
})
export class SsoModule {}
