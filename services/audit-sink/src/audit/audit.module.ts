import { Module } from '@nestjs/common';
import { AuditConsumer } from './audit.consumer';
import { AuditLog } from './audit-log';

@Module({ providers: [AuditLog, AuditConsumer] })
export class AuditModule {}
