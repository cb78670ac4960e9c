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

/** An account at an OpenID Connect provider, linked to a local account. */
@Entity({ name: 'user_identities' })
@Index('UQ_user_identities_provider_subject', ['provider', 'subject'], { unique: true })
@Index('UQ_user_identities_user_id_provider', ['userId', 'provider'], { unique: true })
export class UserIdentityEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_user_identities' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_identities_user_id' })
  user?: UserEntity;

  /** The provider's id in SSO_PROVIDERS. */
  @Column({ name: 'provider', type: 'varchar', length: 64 })
  provider!: string;

  /** The `sub` claim of the provider's ID tokens: stable, unlike the email. */
  @Column({ name: 'subject', type: 'varchar', length: 255 })
  subject!: string;

  /** The verified email the provider gave when the link was made (shown, never matched on). */
  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt!: Date | null;
}
