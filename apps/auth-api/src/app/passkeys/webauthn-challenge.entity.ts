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

/** Which ceremony a challenge was issued for; it is good for that one only. */
export enum ChallengeKind {
  Registration = 'registration',
  Authentication = 'authentication',
  Reauthentication = 'reauthentication',
}

/**
 * One WebAuthn challenge, stored as a SHA-256 of its base64url text: its id is the opaque
 * flow id the client sends back. Registration and re-authentication challenges belong to one
 * user's session; sign-in challenges to nobody yet.
 */
@Entity({ name: 'webauthn_challenges' })
export class WebAuthnChallengeEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_webauthn_challenges' })
  id!: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: ChallengeKind;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_webauthn_challenges_user_id' })
  user?: UserEntity;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @Column({ name: 'challenge_hash', type: 'varchar', length: 64 })
  challengeHash!: string;

  @Index('IDX_webauthn_challenges_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
