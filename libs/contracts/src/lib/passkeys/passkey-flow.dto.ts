import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PasskeyNameField } from './passkey-name.decorator';
import { AuthenticationCredentialDto, RegistrationCredentialDto } from './webauthn-credential.dto';

/** A new passkey: the answer to the options of `flowId`, and an optional name. */
export class RegisterPasskeyDto {
  @ApiProperty({ format: 'uuid', description: 'From POST /auth/passkeys/registration/options' })
  @IsUUID('4')
  flowId!: string;

  @ApiProperty({ type: RegistrationCredentialDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  response!: RegistrationCredentialDto;

  @ApiPropertyOptional({ example: 'Laptop', minLength: 1, maxLength: 64 })
  @IsOptional()
  @PasskeyNameField()
  name?: string;
}

/** A passkey's signature over the challenge of `flowId` (sign-in or re-authentication). */
export class PasskeyAssertionDto {
  @ApiProperty({ format: 'uuid', description: 'From the matching …/options call' })
  @IsUUID('4')
  flowId!: string;

  @ApiProperty({ type: AuthenticationCredentialDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationCredentialDto)
  response!: AuthenticationCredentialDto;
}
