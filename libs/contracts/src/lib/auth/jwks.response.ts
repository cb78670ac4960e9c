import { ApiProperty } from '@nestjs/swagger';

export class JwksResponse {
  @ApiProperty({
    description: 'RFC 7517 public keys; empty when tokens are signed with a shared secret (HS256).',
    example: [{ kty: 'RSA', kid: 'Zq9…', use: 'sig', alg: 'RS256', n: '…', e: 'AQAB' }],
    type: 'array',
    items: { type: 'object' },
  })
  keys!: Record<string, unknown>[];
}
