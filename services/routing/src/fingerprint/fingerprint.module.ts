import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ContentFingerprinter } from './content-fingerprinter';
import { FINGERPRINT_SEEDS } from './fingerprint-seeds';
import { PostgresFingerprintSeeds } from './postgres-fingerprint-seeds';

/** Per-tenant content fingerprints (decisions, audit rows). Needs CONFIG and routing's DataSource (its database and schema). */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: FINGERPRINT_SEEDS,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => {
        const options = dataSource.options as PostgresConnectionOptions;
        return new PostgresFingerprintSeeds({ url: options.url!, schema: options.schema ?? 'public' });
      },
    },
    ContentFingerprinter,
  ],
  exports: [ContentFingerprinter],
})
export class FingerprintModule {}
