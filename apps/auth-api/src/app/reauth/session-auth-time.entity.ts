import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * When a session (refresh-token family) last proved a credential again, after its sign-in.
 * A session without a row proved it at sign-in: the creation of its first refresh token.
 */
@Entity({ name: 'session_auth_times' })
export class SessionAuthTimeEntity {
  @PrimaryColumn({
    name: 'family_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_session_auth_times',
  })
  familyId!: string;

  @Index('IDX_session_auth_times_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_session_auth_times_user_id' })
  user?: UserEntity;

  @Column({ name: 'authenticated_at', type: Date })
  authenticatedAt!: Date;
}
