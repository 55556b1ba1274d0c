import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPublisher, RecordingEventSink } from '@switchback/bus';
import { DeviceKeyAction } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { openDataSource } from '@switchback/persistence';
import { CONFIG, REDIS } from '@switchback/runtime';
import { METRICS_REGISTRY } from '@switchback/telemetry';
import { testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { capabilityEntities, capabilityMigrations } from '../src/app.module';
import { CapabilityModule } from '../src/capability/capability.module';
import { capabilityDiscoveryConfigSchema } from '../src/config/capability-discovery.config';

const TOKEN = 'device-key-token-0123456789';
const GLOBEX_TOKEN = 'globex-device-token-0123456789';
const CAPABILITY_KEY = 'routing-capability-key-0123456789';
/** What the service publishes (deviceKeyChanged for the audit log), recorded in memory. */
const sink = new RecordingEventSink();

/** Device keys (in-app E2EE) and the UP exchange (RCS E2EE) over HTTP, on real Postgres and Redis. */
describe('E2EE signals over HTTP', () => {
  const schema = uniqueName('capkeys').replace(/[^a-z0-9]/g, '_');
  const prefix = `${uniqueName('capkeys')}:`;
  let hub: Server;
  let app: INestApplication;
  let dataSource: DataSource;
  let redis: Redis;
  let base = '';

  beforeAll(async () => {
    // Numbers ending in 0 have RCS; those ending in 50 also do E2EE in the UP exchange.
    hub = createServer((request, response) => {
      const match = /\/v1\/phones\/([^/]+)\/(capabilities|upCapabilities)\?/.exec(request.url ?? '');
      const e164 = decodeURIComponent(match?.[1] ?? '');
      const rcs = e164.endsWith('0');
      const body = !rcs
        ? { error: { status: 'NOT_FOUND' } }
        : match?.[2] === 'upCapabilities'
          ? { e2ee: e164.endsWith('50'), mlsCipherSuites: [], validUntil: new Date(Date.now() + 3_600_000).toISOString() }
          : { features: ['REVOCATION'], carrier: 'EE' };
      response.writeHead(rcs ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const config = capabilityDiscoveryConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'integration-test-key-0123456789',
      RBM_AUTH: 'none', HUB_BASE_URL: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      DATABASE_URL: testEnv.databaseUrl,
      DEVICE_KEY_TOKENS: `app@acme:${TOKEN},web@globex:${GLOBEX_TOKEN}`,
      CAPABILITY_API_KEYS: `routing:${CAPABILITY_KEY}`,
    });
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: capabilityEntities, migrations: capabilityMigrations });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });

    @Global()
    @Module({
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: REDIS, useValue: redis },
        { provide: DataSource, useValue: dataSource },
        { provide: KeyedHasher, useValue: new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: 'k1' }) },
        { provide: EventPublisher, useValue: sink },
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

  const auth = { authorization: `Bearer ${TOKEN}` };
  const keysUrl = (e164: string) => `${base}/v1/devices/${encodeURIComponent(e164)}/keys`;
  const putKey = (e164: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(keysUrl(e164), { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const resolve = async (e164: string) => (await (await fetch(`${base}/v1/capabilities/${encodeURIComponent(e164)}`, { headers: { authorization: `Bearer ${CAPABILITY_KEY}` } })).json()) as Record<string, unknown>;
  const realKey = () => generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }).x as string;

  it('a registered key turns the next lookup green with inappE2ee, even over a cached answer; DELETE undoes it', async () => {
    const e164 = '+447700900131';
    expect(await resolve(e164)).toMatchObject({ rcs: false, inappE2ee: false, status: 'red', source: 'hub' });

    const publicKey = realKey();
    const put = await putKey(e164, { keyId: 'phone-1', publicKey, algorithm: 'X25519' });
    expect(put.status).toBe(204);
    expect(await resolve(e164)).toMatchObject({ inappE2ee: true, rcsE2ee: false, level: 'e2ee', status: 'green', statusReason: 'End-to-end encrypted in app' });
    // Cached now, and still correct.
    expect(await resolve(e164)).toMatchObject({ inappE2ee: true, status: 'green', source: 'cache' });

    const list = await fetch(keysUrl(e164), { headers: auth });
    expect(list.status).toBe(200);
    const listed = (await list.json()) as { keys: { keyId: string; publicKey: string; algorithm: string; createdAt: string }[] };
    expect(listed.keys).toEqual([{ keyId: 'phone-1', publicKey, algorithm: 'X25519', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);

    const removed = await fetch(`${keysUrl(e164)}/phone-1`, { method: 'DELETE', headers: auth });
    expect(removed.status).toBe(204);
    expect(await resolve(e164)).toMatchObject({ inappE2ee: false, status: 'red' });
    const again = await fetch(`${keysUrl(e164)}/phone-1`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ status: 404, title: 'device_key_not_found' });
  });

  it('stores the recipient only as its keyed hash', async () => {
    await putKey('+447700900132', { keyId: 'k', publicKey: realKey(), algorithm: 'X25519' });
    const rows = (await dataSource.query(`SELECT recipient_hash FROM "${schema}".device_keys`)) as { recipient_hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => !row.recipient_hash.includes('7700900'))).toBe(true);
  });

  it('rejects a 31-byte key, the all-zero point and a bad keyId with a 400 problem naming the field', async () => {
    const short = await putKey('+447700900133', { keyId: 'k', publicKey: Buffer.alloc(31, 9).toString('base64url'), algorithm: 'X25519' });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ status: 400, title: 'invalid_device_key', field: 'publicKey' });
    const zero = await putKey('+447700900133', { keyId: 'k', publicKey: Buffer.alloc(32).toString('base64url'), algorithm: 'X25519' });
    expect(zero.status).toBe(400);
    expect(await zero.json()).toMatchObject({ field: 'publicKey', detail: expect.stringMatching(/low-order/) });
    const badId = await putKey('+447700900133', { keyId: 'no spaces', publicKey: realKey(), algorithm: 'X25519' });
    expect(await badId.json()).toMatchObject({ status: 400, field: 'keyId' });
    expect(await resolve('+447700900133')).toMatchObject({ inappE2ee: false });
  });

  it('rejects an invalid number with a 400 problem', async () => {
    const response = await putKey('12345', { keyId: 'k', publicKey: realKey(), algorithm: 'X25519' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ title: 'invalid_recipient' });
  });

  it('answers 401 without or with a wrong bearer token', async () => {
    const body = { keyId: 'k', publicKey: realKey(), algorithm: 'X25519' };
    const none = await putKey('+447700900134', body, {});
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ status: 401, title: 'unauthorized' });
    expect((await putKey('+447700900134', body, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await fetch(keysUrl('+447700900134'))).status).toBe(401);
    expect((await fetch(`${keysUrl('+447700900134')}/k`, { method: 'DELETE' })).status).toBe(401);
  });

  it('binds a number to the tenant that registered it: another tenant gets 403 problems, changes nothing, and each attempt is audited', async () => {
    const e164 = '+447700900135';
    const globex = { authorization: `Bearer ${GLOBEX_TOKEN}` };
    sink.clear();
    expect((await putKey(e164, { keyId: 'phone-1', publicKey: realKey(), algorithm: 'X25519' })).status).toBe(204);

    const hijack = await putKey(e164, { keyId: 'attacker', publicKey: realKey(), algorithm: 'X25519' }, globex);
    expect(hijack.status).toBe(403);
    expect(await hijack.json()).toMatchObject({ status: 403, title: 'number_owned_by_another_tenant' });
    expect((await fetch(keysUrl(e164), { headers: globex })).status).toBe(403);
    expect((await fetch(`${keysUrl(e164)}/phone-1`, { method: 'DELETE', headers: globex })).status).toBe(403);
    const listed = (await (await fetch(keysUrl(e164), { headers: auth })).json()) as { keys: { keyId: string }[] };
    expect(listed.keys.map((key) => key.keyId)).toEqual(['phone-1']);
    expect(sink.of('deviceKeyChanged').map((event) => [event.tenantId, event.client, event.action, event.ownerTenantId])).toEqual([
      ['acme', 'app', DeviceKeyAction.REGISTERED, ''],
      ['globex', 'web', DeviceKeyAction.REFUSED, 'acme'],
      ['globex', 'web', DeviceKeyAction.REFUSED, 'acme'],
      ['globex', 'web', DeviceKeyAction.REFUSED, 'acme'],
    ]);
    expect(sink.of('deviceKeyChanged').every((event) => !JSON.stringify(event, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes('7700900'))).toBe(true);

    // Once the owner removed its last key, the number is free to move.
    expect((await fetch(`${keysUrl(e164)}/phone-1`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(sink.of('deviceKeyChanged').at(-1)).toMatchObject({ tenantId: 'acme', action: DeviceKeyAction.REMOVED, keyId: 'phone-1' });
    expect((await putKey(e164, { keyId: 'phone-2', publicKey: realKey(), algorithm: 'X25519' }, globex)).status).toBe(204);
    expect((await putKey(e164, { keyId: 'phone-3', publicKey: realKey(), algorithm: 'X25519' })).status).toBe(403);
  });

  it('answers capability lookups to service callers only (CAPABILITY_API_KEYS)', async () => {
    const url = `${base}/v1/capabilities/${encodeURIComponent('+447700900120')}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: auth })).status).toBe(401); // a device-key token is no capability key
    const batch = await fetch(`${base}/v1/capabilities:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumbers: ['+447700900120'] }) });
    expect(batch.status).toBe(401);
    expect(await batch.json()).toMatchObject({ status: 401, title: 'unauthorized' });
  });

  it('sets rcsE2ee from a UP answer with e2ee=true: level e2ee, green', async () => {
    expect(await resolve('+447700900150')).toMatchObject({ rcs: true, rcsE2ee: true, inappE2ee: false, level: 'e2ee', status: 'green', statusReason: 'End-to-end encrypted via RCS', pinnedLevel: 'e2ee', guess: false });
    expect(await resolve('+447700900120')).toMatchObject({ rcs: true, rcsE2ee: false, level: 'rcs', status: 'amber' });
  });
});
