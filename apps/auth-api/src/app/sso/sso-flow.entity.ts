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

/** `pending_link`: a provider account the owner of the matching account may link, once. */
export type SsoFlowIntent = 'sign_in' | 'link' | 'pending_link';

/** A single sign-on flow, or a pending link; used once (see SsoFlowsRepository.consume). */
@Entity({ name: 'sso_flows' })
export class SsoFlowEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_sso_flows' })
  id!: string;

  @Column({ name: 'intent', type: 'varchar', length: 16 })
  intent!: SsoFlowIntent;

  @Column({ name: 'provider', type: 'varchar', length: 64 })
  provider!: string;

  /** SHA-256 of the flow_token (or link_token) the client holds. */
  @Index('UQ_sso_flows_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** SHA-256 of the `state` sent to the provider. */
  @Column({ name: 'state_hash', type: 'varchar', length: 64, nullable: true })
  stateHash!: string | null;

  @Column({ name: 'nonce', type: 'varchar', length: 64, nullable: true })
  nonce!: string | null;

  @Column({ name: 'code_verifier', type: 'varchar', length: 128, nullable: true })
  codeVerifier!: string | null;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 2000, nullable: true })
  redirectUri!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sso_flows_user_id' })
  user?: UserEntity;

  @Index('IDX_sso_flows_session_id')
  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @Column({ name: 'subject', type: 'varchar', length: 255, nullable: true })
  subject!: string | null;

  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Index('IDX_sso_flows_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
