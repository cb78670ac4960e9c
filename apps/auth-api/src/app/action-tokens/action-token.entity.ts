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

export enum ActionPurpose {
  VerifyEmail = 'verify_email',
  ResetPassword = 'reset_password',
  MfaLogin = 'mfa_login',
  ChangeEmail = 'change_email',
  /** An admin without 2FA, between the password and enrolment (REQUIRE_ADMIN_MFA). */
  MfaEnrollment = 'mfa_enrollment',
}

/** A single-use token sent by email (or handed out between login steps); stored hashed. */
@Entity({ name: 'action_tokens' })
@Index('IDX_action_tokens_user_id_purpose', ['userId', 'purpose'])
export class ActionTokenEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_action_tokens' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_action_tokens_user_id' })
  user?: UserEntity;

  @Column({ name: 'purpose', type: 'varchar', length: 32 })
  purpose!: ActionPurpose;

  @Index('UQ_action_tokens_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** The address a ChangeEmail token confirms; null for every other purpose. */
  @Column({ name: 'new_email', type: 'varchar', length: 254, nullable: true })
  newEmail!: string | null;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
