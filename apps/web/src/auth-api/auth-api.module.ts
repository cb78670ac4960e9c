import { Global, Module } from '@nestjs/common';
import { AuthApiClient } from './auth-api.client';

@Global()
@Module({
  providers: [AuthApiClient],
  exports: [AuthApiClient],
})
export class AuthApiModule {}
