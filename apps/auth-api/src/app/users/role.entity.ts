import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'roles' })
export class RoleEntity {
  @PrimaryGeneratedColumn({ name: 'id', primaryKeyConstraintName: 'PK_roles' })
  id!: number;

  @Index('UQ_roles_name', { unique: true })
  @Column({ name: 'name', type: 'varchar', length: 50 })
  name!: string;
}
