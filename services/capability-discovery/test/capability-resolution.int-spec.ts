import { NO_RBM_AUTH } from '@switchback/rbm-auth';
import type { EventPublisher } from '@switchback/bus';
import { CapabilityLevel, type CapabilityChanged } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { openDataSource } from '@switchback/persistence';
import { MetricNames } from '@switchback/telemetry';
import { testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { SleepingClock } from '@switchback/runtime';
import { capabilityEntities, capabilityMigrations } from '../src/app.module';
import { CapabilityCache } from '../src/capability/capability-cache';
import { CapabilityService } from '../src/capability/capability.service';
import { parseRecipient, type Recipient } from '../src/capability/e164';
import { RbmHubClient } from '../src/capability/rbm-hub.client';
import { UpHubClient } from '../src/capability/up-hub.client';
import { DeviceKeyStore } from '../src/devices/device-key.store';
import { capabilityDiscoveryConfigSchema } from '../src/config/capability-discovery.config';
import { CapabilityHistoryRetention } from '../src/pinning/capability-history.retention';
import { CapabilityPinning } from '../src/pinning/capability-pinning';
import { CapabilityLevelChangeEntity } from '../src/pinning/capability-level-change.entity';
import { TypeOrmPinStore } from '../src/pinning/typeorm-pin-store';

interface HubAnswer {
  status: number;
  body?: unknown;
  delayMs?: number;
}

/** A tiny carrier hub: answers per number as the test says, and counts the queries. */
class FakeHub {
  readonly answers = new Map<string, HubAnswer>();
  readonly queries = new Map<string, number>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const e164 = decodeURIComponent(/\/v1\/phones\/([^/]+)\/capabilities/.exec(request.url ?? '')?.[1] ?? '');
      this.queries.set(e164, (this.queries.get(e164) ?? 0) + 1);
      const answer = this.answers.get(e164) ?? { status: 404, body: { error: { status: 'NOT_FOUND' } } };
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const MINUTE = 60_000;

describe('capability resolution against real Postgres and Redis', () => {
  const schema = uniqueName('capdisc').replace(/[^a-z0-9]/g, '_');
  const prefix = `${uniqueName('capdisc')}:`;
  const hub = new FakeHub();
  const published: { topic: string; event: CapabilityChanged; key: string }[] = [];
  const broker = { down: false };
  const publisher = {
    publish: (topic: string, event: CapabilityChanged, options: { key: string }) => (broker.down ? Promise.reject(new Error('broker down')) : (published.push({ topic, event, key: options.key }), Promise.resolve())),
  } as unknown as EventPublisher;
  const hasher = new KeyedHasher({ key: 'integration-test-key-0123456789', keyId: 'k1' });
  let offsetMs = 0;
  const clock: SleepingClock = { now: () => Date.now() + offsetMs, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  const registry = new Registry();
  let dataSource: DataSource;
  let redis: Redis;
  let service: CapabilityService;
  let deadRedisService: CapabilityService;
  let deadRedis: Redis;
  let retention: CapabilityHistoryRetention;

  const recipient = (value: string): Recipient => {
    const parsed = parseRecipient(value);
    if (!parsed) throw new Error(`bad test number ${value}`);
    return parsed;
  };

  beforeAll(async () => {
    await hub.start();
    const config = capabilityDiscoveryConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'integration-test-key-0123456789',
      RBM_AUTH: 'none', HUB_BASE_URL: hub.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: testEnv.databaseUrl,
      DATABASE_SCHEMA: schema,
      CAPABILITY_HUB_ATTEMPTS: '3',
      CAPABILITY_HUB_BUDGET_MS: '1000',
      CAPABILITY_HUB_BACKOFF_MS: '10',
    });
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: capabilityEntities, migrations: capabilityMigrations });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    const pinning = new CapabilityPinning(new TypeOrmPinStore(dataSource), publisher, clock, config, registry);
    service = new CapabilityService(new CapabilityCache(redis, config, clock, hasher), new RbmHubClient(config, NO_RBM_AUTH), pinning, hasher, clock, config, registry, new UpHubClient(config, NO_RBM_AUTH), new DeviceKeyStore(dataSource));
    retention = new CapabilityHistoryRetention(dataSource, clock, config);
    // Nothing listens on port 1: every Redis command fails at once, as in an outage.
    deadRedis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
    deadRedis.on('error', () => undefined);
    deadRedisService = new CapabilityService(new CapabilityCache(deadRedis, config, clock, hasher), new RbmHubClient(config, NO_RBM_AUTH), pinning, hasher, clock, config, registry, new UpHubClient(config, NO_RBM_AUTH), new DeviceKeyStore(dataSource));
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    deadRedis?.disconnect();
    await hub.stop();
  });

  it('flags a weaker answer within the pin window, records it, announces it and counts it', async () => {
    const number = recipient('+33612345678');
    hub.answers.set(number.e164, { status: 200, body: { features: ['REVOCATION'], carrier: 'Orange' } });
    const first = await service.resolve(number);
    expect(first).toMatchObject({ rcs: true, source: 'hub', status: 'amber', carrier: 'Orange', region: 'FR', downgradeSuspected: false, guess: false, pinnedLevel: 'rcs' });

    hub.answers.set(number.e164, { status: 404, body: { error: { status: 'NOT_FOUND' } } });
    offsetMs += 2 * MINUTE; // past the cache TTL, well within the 30-day pin window
    const second = await service.resolve(number);
    expect(second).toMatchObject({ rcs: false, source: 'hub', status: 'red', downgradeSuspected: true, guess: false, pinnedLevel: 'rcs', pinnedAtMs: first.pinnedAtMs });
    expect(second.statusReason).toContain('possible downgrade');

    const hash = hasher.hash(number.e164);
    const history = await dataSource.getRepository(CapabilityLevelChangeEntity).find({ where: { recipientHash: hash }, order: { id: 'ASC' } });
    expect(history.map((row) => [row.previousLevel, row.level, row.downgradeSuspected])).toEqual([
      [null, 'rcs', false],
      ['rcs', 'sms_only', true],
    ]);
    const pins = (await dataSource.query('SELECT recipient_hash, pinned_level FROM capability_pins WHERE recipient_hash = $1', [hash])) as unknown[];
    expect(pins).toEqual([{ recipient_hash: hash, pinned_level: 'rcs' }]);

    const changes = published.filter((entry) => entry.key === hash);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ topic: 'capabilityChanged', event: { recipientHash: hash, previousLevel: CapabilityLevel.RCS, currentLevel: CapabilityLevel.SMS_ONLY, downgradeSuspected: true, pinnedLevel: CapabilityLevel.RCS, region: 'FR' } });
    const downgrades = await registry.getSingleMetric(MetricNames.capabilityDowngrades)?.get();
    expect(downgrades?.values[0]?.value).toBe(1);

    // The cached answer keeps the flag, so sends within the cache TTL see it too.
    await expect(service.resolve(number)).resolves.toMatchObject({ source: 'cache', downgradeSuspected: true });
  });

  it('asks the hub once for a burst of concurrent lookups of one number', async () => {
    const number = recipient('+447700900201');
    hub.answers.set(number.e164, { status: 200, body: { features: [] }, delayMs: 150 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => service.resolve(number)));
    expect(hub.queries.get(number.e164)).toBe(1);
    expect(new Set(answers.map((answer) => answer.checkedAtMs)).size).toBe(1);
    expect(answers.every((answer) => answer.rcs && answer.region === 'GB')).toBe(true);
    const pins = (await dataSource.query('SELECT count(*)::int AS n FROM capability_level_changes WHERE recipient_hash = $1', [hasher.hash(number.e164)])) as { n: number }[];
    expect(pins[0]?.n).toBe(1);
  });

  it('answers an SMS-only guess when the hub keeps failing, after retrying within the budget', async () => {
    const number = recipient('+447700900202');
    hub.answers.set(number.e164, { status: 503 });
    const answer = await service.resolve(number);
    expect(answer).toMatchObject({ rcs: false, guess: true, source: 'default', status: 'red', level: 'sms_only', pinnedLevel: null });
    expect(hub.queries.get(number.e164)).toBe(3);
    const pins = (await dataSource.query('SELECT count(*)::int AS n FROM capability_pins WHERE recipient_hash = $1', [hasher.hash(number.e164)])) as { n: number }[];
    expect(pins[0]?.n).toBe(0); // guesses never pin
  });

  it('answers the last known value, marked as a guess, when the hub fails after the TTL', async () => {
    const number = recipient('+447700900203');
    hub.answers.set(number.e164, { status: 200, body: { features: ['REVOCATION'] } });
    await service.resolve(number);
    hub.answers.set(number.e164, { status: 500 });
    offsetMs += 2 * MINUTE;
    const answer = await service.resolve(number);
    expect(answer).toMatchObject({ rcs: true, guess: true, source: 'cache', status: 'amber', pinnedLevel: 'rcs', downgradeSuspected: false });
    const history = await dataSource.getRepository(CapabilityLevelChangeEntity).countBy({ recipientHash: hasher.hash(number.e164) });
    expect(history).toBe(1);
  });

  it('keeps the pin unchanged when the change cannot be announced, and announces it on the retry', async () => {
    const number = recipient('+447700900204');
    const hash = hasher.hash(number.e164);
    hub.answers.set(number.e164, { status: 200, body: {} });
    await service.resolve(number);
    hub.answers.set(number.e164, { status: 404 });
    offsetMs += 2 * MINUTE;
    broker.down = true;
    try {
      await expect(service.resolve(number)).rejects.toMatchObject({ code: 'pinning_failed', retriable: true });
    } finally {
      broker.down = false;
    }
    const before = (await dataSource.query('SELECT last_level FROM capability_pins WHERE recipient_hash = $1', [hash])) as unknown[];
    expect(before).toEqual([{ last_level: 'rcs' }]);
    expect(await dataSource.getRepository(CapabilityLevelChangeEntity).countBy({ recipientHash: hash })).toBe(1);

    await expect(service.resolve(number)).resolves.toMatchObject({ downgradeSuspected: true });
    expect(published.filter((entry) => entry.key === hash)).toHaveLength(1);
    expect(await dataSource.getRepository(CapabilityLevelChangeEntity).countBy({ recipientHash: hash })).toBe(2);
  });

  it('keeps answering from the hub while Redis is down', async () => {
    const number = recipient('+447700900205');
    hub.answers.set(number.e164, { status: 200, body: { carrier: 'Vodafone' } });
    await expect(deadRedisService.resolve(number)).resolves.toMatchObject({ rcs: true, source: 'hub', guess: false, carrier: 'Vodafone', pinnedLevel: 'rcs' });
    await expect(deadRedisService.resolve(number)).resolves.toMatchObject({ source: 'hub' });
    expect(hub.queries.get(number.e164)).toBe(2);
  });

  it('retention deletes capability history past CAPABILITY_HISTORY_RETENTION_DAYS and keeps the pins', async () => {
    const number = recipient('+447700900299');
    hub.answers.set(number.e164, { status: 200, body: { features: ['REVOCATION'], carrier: 'EE' } });
    await service.resolve(number);
    const hash = hasher.hash(number.e164);
    await dataSource.query(
      `INSERT INTO capability_level_changes (recipient_hash, previous_level, level, pinned_level, downgrade_suspected, carrier, region, observed_at)
       VALUES ($1, NULL, 'sms_only', 'sms_only', false, 'EE', 'GB', now() - interval '181 days')`,
      [hash],
    );
    const levels = async () => ((await dataSource.query('SELECT level FROM capability_level_changes WHERE recipient_hash = $1 ORDER BY observed_at', [hash])) as { level: string }[]).map((row) => row.level);
    expect(await levels()).toEqual(['sms_only', 'rcs']);
    expect(await retention.sweep()).toBeGreaterThanOrEqual(1);
    expect(await levels()).toEqual(['rcs']);
    const pins = (await dataSource.query('SELECT pinned_level FROM capability_pins WHERE recipient_hash = $1', [hash])) as { pinned_level: string }[];
    expect(pins).toEqual([{ pinned_level: 'rcs' }]);
  });
});
