import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64URL_MESSAGE = (field: string) => `${field} must be base64url`;

/** Every binary field a browser sends: base64url, capped well below the body limit. */
const Base64Url = (field: string, max: number) => [
  IsString(),
  MaxLength(max),
  Matches(BASE64URL, { message: BASE64URL_MESSAGE(field) }),
];

function apply(target: object, key: string, decorators: PropertyDecorator[]): void {
  for (const decorate of decorators) decorate(target, key);
}

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

/** The parts of a credential every ceremony shares (PublicKeyCredential.toJSON()). */
abstract class CredentialJson {
  @ApiProperty({ description: 'The credential id, base64url', maxLength: 1400 })
  id!: string;

  @ApiProperty({ description: 'Same as id', maxLength: 1400 })
  rawId!: string;

  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type!: 'public-key';

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';
}
apply(CredentialJson.prototype, 'id', Base64Url('id', 1400));
apply(CredentialJson.prototype, 'rawId', Base64Url('rawId', 1400));

export class AttestationResponseDto {
  @ApiProperty({ maxLength: 4096 })
  clientDataJSON!: string;

  @ApiProperty({ maxLength: 32768 })
  attestationObject!: string;

  @ApiPropertyOptional({ maxLength: 32768 })
  @IsOptional()
  authenticatorData?: string;

  @ApiPropertyOptional({ maxLength: 4096 })
  @IsOptional()
  publicKey?: string;

  @ApiPropertyOptional({ example: -7 })
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;

  @ApiPropertyOptional({ enum: TRANSPORTS, isArray: true })
  @IsOptional()
  @IsIn(TRANSPORTS, { each: true })
  transports?: string[];
}
apply(AttestationResponseDto.prototype, 'clientDataJSON', Base64Url('clientDataJSON', 4096));
apply(AttestationResponseDto.prototype, 'attestationObject', Base64Url('attestationObject', 32768));
apply(AttestationResponseDto.prototype, 'authenticatorData', Base64Url('authenticatorData', 32768));
apply(AttestationResponseDto.prototype, 'publicKey', Base64Url('publicKey', 4096));

export class AssertionResponseDto {
  @ApiProperty({ maxLength: 4096 })
  clientDataJSON!: string;

  @ApiProperty({ maxLength: 4096 })
  authenticatorData!: string;

  @ApiProperty({ maxLength: 1024 })
  signature!: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptional()
  userHandle?: string;
}
apply(AssertionResponseDto.prototype, 'clientDataJSON', Base64Url('clientDataJSON', 4096));
apply(AssertionResponseDto.prototype, 'authenticatorData', Base64Url('authenticatorData', 4096));
apply(AssertionResponseDto.prototype, 'signature', Base64Url('signature', 1024));
apply(AssertionResponseDto.prototype, 'userHandle', Base64Url('userHandle', 128));

/** What navigator.credentials.create() answered, as @simplewebauthn/browser sends it. */
export class RegistrationCredentialDto extends CredentialJson {
  @ApiProperty({ type: AttestationResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response!: AttestationResponseDto;
}

/** What navigator.credentials.get() answered, as @simplewebauthn/browser sends it. */
export class AuthenticationCredentialDto extends CredentialJson {
  @ApiProperty({ type: AssertionResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response!: AssertionResponseDto;
}
