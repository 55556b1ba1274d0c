import { Module, type DynamicModule } from '@nestjs/common';
import { CLOCK, type Clock, CONFIG, systemClock } from '@switchback/runtime';
import { AuditChainStore } from '../chain/audit-chain.store';
import { CheckpointSigner } from '../chain/checkpoint-signer';
import { CheckpointController } from '../checkpoint/checkpoint.controller';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import type { AuditSinkConfig } from '../config/audit-sink.config';
import { PartitionManager } from '../retention/partition-manager';
import { AuditConsumer } from './audit.consumer';
import { AuditLog } from './audit-log';
import { AuditMetrics } from './audit-metrics';

const providers = [
  { provide: CheckpointSigner, inject: [CONFIG], useFactory: (config: AuditSinkConfig) => new CheckpointSigner(config.AUDIT_SIGNING_KEY, config.AUDIT_SIGNING_KEY_ID) },
  AuditMetrics,
  AuditChainStore,
  AuditLog,
  AuditConsumer,
  CheckpointService,
  PartitionManager,
];

/** The audit log: consumers, the hash chain, checkpoints, partitions and retention. */
@Module({})
export class AuditModule {
  static register(clock: Clock = systemClock): DynamicModule {
    return {
      module: AuditModule,
      controllers: [CheckpointController],
      providers: [{ provide: CLOCK, useValue: clock }, ...providers],
      exports: [AuditLog, AuditChainStore, CheckpointService, PartitionManager],
    };
  }
}
