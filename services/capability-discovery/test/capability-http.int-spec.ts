import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPublisher } from '@switchback/bus';
import { KeyedHasher } from '@switchback/crypto';
import { openDataSource } from '@switchback/persistence';
import { CONFIG, REDIS } from '@switchback/runtime';
import { METRICS_REGISTRY } from '@switchback/telemetry';
import { testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { capabilityEntities, capabilityMigrations } from '../src/app.module';
import { CapabilityModule } from '../src/capability/capability.module';
import { capabilityDiscoveryConfigSchema } from '../src/config/capability-discovery.config';

/** The real CapabilityModule over HTTP, with real Postgres and Redis and a stub hub. */
const CAPABILITY_KEY = 'routing-capability-key-0123456789';
/** A lookup as routing makes it: with its service credential. */
const authed = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${CAPABILITY_KEY}` } });

describe('capability HTTP API', () => {
  let hubCalls = 0;
  const schema = uniqueName('caphttp').replace(/[^a-z0-9]/g, '_');
  const prefix = `${uniqueName('caphttp')}:`;
  let hub: Server;
  let app: INestApplication;
  let dataSource: DataSource;
  let redis: Redis;
  let base = '';

  beforeAll(async () => {
    // Numbers ending in 0 have RCS with a carrier; the others do not.
    hub = createServer((request, response) => {
      hubCalls += 1;
      const e164 = decodeURIComponent(/\/v1\/phones\/([^/]+)\//.exec(request.url ?? '')?.[1] ?? '');
      const rcs = e164.endsWith('0');
      response.writeHead(rcs ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(rcs ? { features: ['REVOCATION'], carrier: 'EE' } : { error: { status: 'NOT_FOUND' } }));
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const config = capabilityDiscoveryConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'integration-test-key-0123456789',
      RBM_AUTH: 'none', HUB_BASE_URL: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      DATABASE_URL: testEnv.databaseUrl,
      CAPABILITY_API_KEYS: `routing:${CAPABILITY_KEY}`,
    });
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: capabilityEntities, migrations: capabilityMigrations });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    const publisher = { publish: () => Promise.resolve() };

    @Global()
    @Module({
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: REDIS, useValue: redis },
        { provide: DataSource, useValue: dataSource },
        { provide: KeyedHasher, useValue: new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: 'k1' }) },
        { provide: EventPublisher, useValue: publisher },
        { provide: METRICS_REGISTRY, useValue: new Registry() },
      ],
      exports: [CONFIG, REDIS, DataSource, KeyedHasher, EventPublisher, METRICS_REGISTRY],
    })
    class TestPlatformModule {}

    @Module({ imports: [TestPlatformModule, CapabilityModule] })
    class TestAppModule {}

    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    await new Promise((resolve) => hub.close(resolve));
  });

  it('refuses lookups without the service credential (401 problem) before asking the hub', async () => {
    const before = hubCalls;
    const one = await fetch(`${base}/v1/capabilities/${encodeURIComponent('+447700900160')}`);
    expect(one.status).toBe(401);
    expect(await one.json()).toMatchObject({ status: 401, title: 'unauthorized' });
    const wrong = await fetch(`${base}/v1/capabilities/${encodeURIComponent('+447700900160')}`, { headers: { authorization: 'Bearer not-a-capability-key-0000' } });
    expect(wrong.status).toBe(401);
    const batch = await fetch(`${base}/v1/capabilities:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumbers: ['+447700900160', '+447700900170'] }) });
    expect(batch.status).toBe(401);
    expect(hubCalls).toBe(before);
  });

  it('returns every capability field for a number', async () => {
    const response = await authed(`${base}/v1/capabilities/${encodeURIComponent('+447700900120')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rcs: true, carrier: 'EE', region: 'GB', status: 'amber', statusReason: 'RCS without end-to-end encryption', level: 'rcs', downgradeSuspected: false, guess: false, pinnedLevel: 'rcs', source: 'hub' });
  });

  it('answers 400 with a problem body for a number that is not one', async () => {
    const response = await authed(`${base}/v1/capabilities/12345`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ title: 'invalid_recipient', status: 400 });
  });

  it('answers a batch in request order, normalised', async () => {
    const response = await authed(`${base}/v1/capabilities:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumbers: ['+44 7700 900130', '+33612345671'] }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { capabilities: { phoneNumber: string; status: string; region: string }[] };
    expect(body.capabilities.map((c) => [c.phoneNumber, c.status, c.region])).toEqual([
      ['+447700900130', 'amber', 'GB'],
      ['+33612345671', 'red', 'FR'],
    ]);
  });

  it('rejects a batch above 100 numbers or with an invalid number', async () => {
    const post = (phoneNumbers: unknown) => authed(`${base}/v1/capabilities:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumbers }) });
    const tooMany = await post(Array.from({ length: 101 }, (_, i) => `+4477009001${String(i).padStart(2, '0')}`));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ title: 'invalid_batch' });
    expect((await post(['+447700900120', 'nope'])).status).toBe(400);
  });
});
