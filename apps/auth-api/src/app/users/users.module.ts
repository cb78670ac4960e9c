import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordModule } from '../password/password.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { CredentialsRepository } from './credentials.repository';
import { PrincipalRepository } from './principal.repository';
import { RoleEntity } from './role.entity';
import { SignInMethodsRepository } from './sign-in-methods.repository';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RoleEntity]), PasswordModule],
  providers: [
    AdminBootstrapService,
    CredentialsRepository,
    PrincipalRepository,
    SignInMethodsRepository,
    UsersService,
  ],
  exports: [CredentialsRepository, PrincipalRepository, SignInMethodsRepository, UsersService],
})
export class UsersModule {}
