import { ApiProperty } from '@nestjs/swagger';

/** How an account can sign in; the last remaining way can never be removed. */
export class SignInMethodsResponse {
  @ApiProperty({ example: true, description: 'The account has a password (false: passwordless)' })
  password!: boolean;

  @ApiProperty({ example: 1, description: 'How many passkeys are registered' })
  passkeys!: number;

  @ApiProperty({
    example: ['google'],
    type: [String],
    description: 'Ids of the single sign-on providers linked to the account',
  })
  providers!: string[];
}

export class UserResponse {
  @ApiProperty({ format: 'uuid', example: '0b6f7c1e-4a9d-4f43-9a51-2d1b5c9e7f10' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada', nullable: true, type: String })
  firstName!: string | null;

  @ApiProperty({ example: 'Lovelace', nullable: true, type: String })
  lastName!: string | null;

  @ApiProperty({ example: true })
  isActive!: boolean;

  @ApiProperty({ example: false })
  isVerified!: boolean;

  @ApiProperty({ example: false, description: 'Two-factor authentication (TOTP) is on' })
  mfaEnabled!: boolean;

  @ApiProperty({ example: ['user'], type: [String] })
  roles!: string[];

  @ApiProperty({ type: () => SignInMethodsResponse })
  signInMethods!: SignInMethodsResponse;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' })
  updatedAt!: string;
}
