import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Facts about an event: flat JSON values only. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * An append-only record of a security-relevant event. No foreign keys: events outlive the
 * users they mention. Never holds a secret or a token.
 */
@Entity({ name: 'audit_events' })
@Index('IDX_audit_events_user_id_created_at', ['userId', 'createdAt'])
@Index('IDX_audit_events_type_created_at', ['type', 'createdAt'])
export class AuditEventEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_audit_events' })
  id!: string;

  @Column({ name: 'type', type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'ip', type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ name: 'trace_id', type: 'varchar', length: 64, nullable: true })
  traceId!: string | null;

  @Column({ name: 'details', type: 'simple-json' })
  details!: AuditDetails;

  @Index('IDX_audit_events_created_at')
  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
