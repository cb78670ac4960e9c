import { ApiProperty } from '@nestjs/swagger';

/** A registered passkey, as its owner sees it (never the key material). */
export class PasskeyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Laptop' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastUsedAt!: string | null;

  @ApiProperty({ description: 'Synced to the provider’s cloud (a multi-device passkey)' })
  backedUp!: boolean;

  @ApiProperty({ enum: ['singleDevice', 'multiDevice'] })
  deviceType!: string;

  @ApiProperty({ example: ['internal', 'hybrid'], type: [String] })
  transports!: string[];
}

/** Options for navigator.credentials (WebAuthn JSON), and the flow they belong to. */
export class PasskeyOptionsResponse {
  @ApiProperty({ format: 'uuid', description: 'Send it back with the authenticator’s answer' })
  flowId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON, for ' +
      'startRegistration / startAuthentication of @simplewebauthn/browser',
  })
  options!: Record<string, unknown>;
}
