import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of a tenant's policy. Rows are never updated: a change is a new version. */
@Entity({ name: 'tenant_policies' })
export class TenantPolicyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** The parsed, complete policy (no secrets, no content). */
  @Column({ type: 'jsonb' })
  policy!: unknown;

  /** Who wrote this version (the admin API's authenticated actor). */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
