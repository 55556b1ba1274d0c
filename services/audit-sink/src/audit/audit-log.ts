import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

export type AuditEntry = Omit<AuditEventEntity, 'id' | 'recordedAt'>;

/** Appends audit rows; a row whose event key exists is skipped (redelivered events). */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(AuditEventEntity).values(entry).orIgnore().execute();
  }
}
