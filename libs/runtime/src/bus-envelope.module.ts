import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BusEnvelope } from '@switchback/bus';
import type { BusEnvelopeConfig } from '@switchback/config';
import { EnvelopeCipher, LocalKeyEncryption, PostgresDataKeyStore } from '@switchback/envelope';
import { Pool } from 'pg';

/**
 * The bus envelope of a service that holds the key-encryption keys, with the cipher (for the
 * shredding schedule) and the small pool its data-key store reads through. `envelope` is
 * undefined when the service has no keys configured.
 */
export class BusEnvelopeHandle implements OnApplicationShutdown {
  readonly envelope: BusEnvelope | undefined;

  constructor(
    readonly cipher: EnvelopeCipher | undefined,
    private readonly pool: Pool | undefined,
    readonly store?: PostgresDataKeyStore,
  ) {
    this.envelope = cipher ? new BusEnvelope(cipher) : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}

/** Connections of the data-key store: key lookups are rare (one per tenant and hour, then cached). */
const KEY_STORE_POOL_SIZE = 3;

/**
 * The envelope of a client that seals or opens through a store another service created (a
 * producer, a test's watcher): no migration, no boot check. Undefined without keys.
 */
export function openBusEnvelope(config: Partial<BusEnvelopeConfig>): BusEnvelopeHandle {
  const [current, ...previous] = config.BUS_ENVELOPE_KEKS ?? [];
  if (!current || !config.BUS_ENVELOPE_DATABASE_URL) return new BusEnvelopeHandle(undefined, undefined);
  const pool = new Pool({ connectionString: config.BUS_ENVELOPE_DATABASE_URL, max: KEY_STORE_POOL_SIZE });
  const store = new PostgresDataKeyStore(async (sql, params) => (await pool.query(sql, [...params])).rows, config.BUS_ENVELOPE_SCHEMA ?? 'bus_keys');
  const cipher = new EnvelopeCipher(new LocalKeyEncryption(current, previous), store, {
    bucketMs: (config.BUS_ENVELOPE_BUCKET_S ?? 3_600) * 1_000,
    cacheTtlMs: (config.BUS_ENVELOPE_CACHE_S ?? 300) * 1_000,
    cacheSize: 10_000,
    maxFieldBytes: config.BUS_ENVELOPE_MAX_FIELD_BYTES ?? 65_536,
  });
  return new BusEnvelopeHandle(cipher, pool, store);
}

/** A service's envelope: creates the key table (unless a deployment job did) and checks it is reachable. */
export async function createBusEnvelope(config: Partial<BusEnvelopeConfig>): Promise<BusEnvelopeHandle> {
  const handle = openBusEnvelope(config);
  try {
    if (handle.store && config.BUS_ENVELOPE_MIGRATIONS !== 'verify') await handle.store.migrate();
    await handle.store?.find(['dk_boot_check']);
  } catch (error) {
    await handle.onApplicationShutdown();
    throw error;
  }
  return handle;
}

/** Provides the BusEnvelopeHandle to the bus and to the service (routing shreds through it). */
@Global()
@Module({})
export class BusEnvelopeModule {
  static forRoot(config: Partial<BusEnvelopeConfig>): DynamicModule {
    return {
      module: BusEnvelopeModule,
      providers: [{ provide: BusEnvelopeHandle, useFactory: () => createBusEnvelope(config) }],
      exports: [BusEnvelopeHandle],
    };
  }
}
