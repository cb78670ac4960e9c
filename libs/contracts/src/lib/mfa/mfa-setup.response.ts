import { ApiProperty } from '@nestjs/swagger';

export class MfaSetupResponse {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'Base32 TOTP secret' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Gatehouse:ada%40example.com?secret=…&issuer=Gatehouse' })
  otpauthUrl!: string;

  @ApiProperty({
    example: 'data:image/png;base64,iVBORw0…',
    description: 'The otpauth URL as a QR code',
  })
  qrCodeDataUrl!: string;
}
