import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ReauthModule } from '../reauth/reauth.module';
import { UsersModule } from '../users/users.module';
import { IdentitiesController } from './identities.controller';
import { IdentitiesService } from './identities.service';
import { SsoAccountsService } from './sso-accounts.service';
import { SsoClients } from './sso-clients.service';
import { SsoFlowEntity } from './sso-flow.entity';
import { SsoFlowsRepository } from './sso-flows.repository';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { UserIdentitiesRepository } from './user-identities.repository';
import { UserIdentityEntity } from './user-identity.entity';

/** Single sign-on with OpenID Connect providers (SSO_PROVIDERS), and linked provider accounts. */
@Module({
  imports: [
    AuthModule,
    ReauthModule,
    TypeOrmModule.forFeature([SsoFlowEntity, UserIdentityEntity]),
    UsersModule,
  ],
  controllers: [IdentitiesController, SsoController],
  providers: [
    IdentitiesService,
    SsoAccountsService,
    SsoClients,
    SsoFlowsRepository,
    SsoService,
    UserIdentitiesRepository,
  ],
})
export class SsoModule {}
