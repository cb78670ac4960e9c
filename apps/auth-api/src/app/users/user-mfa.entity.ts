import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/** A user's TOTP state. Secrets are AES-256-GCM ciphertexts (see secret-box.ts). */
@Entity({ name: 'user_mfa' })
export class UserMfaEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_user_mfa' })
  userId!: string;

  @OneToOne(() => UserEntity, (user) => user.mfa, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_mfa_user_id' })
  user?: Relation<UserEntity>;

  /** The confirmed secret; null until 2FA is enabled. */
  @Column({ name: 'secret_encrypted', type: 'varchar', length: 255, nullable: true })
  secretEncrypted!: string | null;

  /** A secret from /2fa/setup waiting for its first code. */
  @Column({ name: 'pending_secret_encrypted', type: 'varchar', length: 255, nullable: true })
  pendingSecretEncrypted!: string | null;

  @Column({ name: 'enabled_at', type: Date, nullable: true })
  enabledAt!: Date | null;

  /** The last TOTP time step accepted: a code is never accepted twice (ASVS 6.5.1). */
  @Column({ name: 'last_used_step', type: 'integer', nullable: true })
  lastUsedStep!: number | null;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
