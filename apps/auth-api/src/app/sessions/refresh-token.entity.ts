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

/**
 * One refresh token. Tokens of one login share a family (the session); each refresh revokes
 * the presented token and issues its successor in the same family. Only the SHA-256 of the
 * token is stored.
 *
 * A live family keeps its rotated tokens (for reuse detection; housekeeping deletes them a day
 * after the session ended), so after a week of refreshes it holds hundreds of rows; the
 * live-family index finds its one live token directly, which every authenticated request checks.
 */
@Entity({ name: 'refresh_tokens' })
@Index('IDX_refresh_tokens_live_family', ['familyId', 'userId', 'familyExpiresAt'], {
  where: 'revoked_at IS NULL',
})
export class RefreshTokenEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_refresh_tokens' })
  id!: string;

  @Index('UQ_refresh_tokens_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('IDX_refresh_tokens_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_refresh_tokens_user_id' })
  user?: UserEntity;

  @Index('IDX_refresh_tokens_family_id')
  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  /** Idle expiry of this token. */
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** Absolute expiry of the whole family, fixed at login. */
  @Column({ name: 'family_expires_at', type: Date })
  familyExpiresAt!: Date;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;

  /** The successor issued when this token was rotated; null when revoked by logout. */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ name: 'ip', type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
