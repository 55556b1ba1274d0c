import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantPolicyEntity } from './tenant-policy.entity';

/** Stored rows of tenant policies: the latest one, or a new version. */
@Injectable()
export class TenantPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  findLatest(tenantId: string): Promise<TenantPolicyEntity | null> {
    return this.dataSource.getRepository(TenantPolicyEntity).findOne({ where: { tenantId }, order: { version: 'DESC' } });
  }

  /** Appends version max+1. A per-tenant advisory lock serialises concurrent writers. */
  append(tenantId: string, policy: unknown, actor: string, createdAt: Date): Promise<TenantPolicyEntity> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tenant_policies:${tenantId}`]);
      const [{ next }] = (await manager.query('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM tenant_policies WHERE tenant_id = $1', [tenantId])) as [{ next: number }];
      const row = manager.create(TenantPolicyEntity, { tenantId, version: Number(next), policy, actor, createdAt });
      return manager.save(row);
    });
  }
}
