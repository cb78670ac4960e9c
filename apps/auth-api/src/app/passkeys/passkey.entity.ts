import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** PostgreSQL hands a bigint back as a string; a WebAuthn counter is a uint32, safe as a number. */
const counter = { to: (n: number) => n, from: (v: string | number) => Number(v) };

/** A WebAuthn credential (passkey) registered to an account. */
@Entity({ name: 'webauthn_credentials' })
export class PasskeyEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_webauthn_credentials' })
  id!: string;

  @Index('IDX_webauthn_credentials_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_webauthn_credentials_user_id' })
  user?: UserEntity;

  /** base64url of the authenticator's credential id. */
  @Index('UQ_webauthn_credentials_credential_id', { unique: true })
  @Column({ name: 'credential_id', type: 'varchar', length: 1400 })
  credentialId!: string;

  /** base64url of the COSE public key. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @Column({ name: 'sign_count', type: 'bigint', default: 0, transformer: counter })
  signCount!: number;

  /** Comma-separated AuthenticatorTransport values, as the browser reported them. */
  @Column({ name: 'transports', type: 'varchar', length: 200, default: '' })
  transports!: string;

  @Column({ name: 'aaguid', type: 'varchar', length: 36 })
  aaguid!: string;

  /** `singleDevice` or `multiDevice` (synced passkey). */
  @Column({ name: 'device_type', type: 'varchar', length: 16 })
  deviceType!: string;

  @Column({ name: 'backed_up', type: 'boolean', default: false })
  backedUp!: boolean;

  @Column({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt!: Date | null;
}
