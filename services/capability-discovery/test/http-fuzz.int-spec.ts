import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, ensureTopics, kafkaSaslOf, silentBusLogger, TopicNames } from '@switchback/bus';
import { abusiveHeaders, bodyEncoding, bodyFromSchema, encodeBody, expectSafeResponse, fuzzRun, sendRaw, slowLoris, testEnv, uniqueName, withSeed } from '@switchback/testing';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { capabilityDiscoveryConfigSchema } from '../src/config/capability-discovery.config';

// Fuzzes every HTTP endpoint of capability-discovery (capabilities, batchGet, device keys) on
// the whole app with real Postgres, Redis and Kafka (issue 18 item 2): odd numbers and bodies,
// header abuse, wrong content types, oversized bodies, a slow-loris client. Every answer is a
// 2xx or a 4xx problem that quotes none of the request; never a 5xx, a stack trace or a hang.
// Replay a failure with the FUZZ_SEED it prints; FUZZ_RUNS scales the request count.
const CAPABILITY_KEY = 'routing-capability-key-0123456789';
const DEVICE_TOKEN = 'app-device-token-0123456789';

describe('capability-discovery HTTP under fuzz (real Postgres, Redis and Kafka)', () => {
  const run = fuzzRun(100);
  const name = uniqueName('capfz').replace(/[^a-z0-9]/g, '_');
  let hub: Server;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    hub = createServer((_request, response) => void response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"status":"NOT_FOUND"}}'));
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const config = capabilityDiscoveryConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      ...testEnv.kafkaEnv,
      KAFKA_TOPIC_PREFIX: `${name}.`,
      RBM_AUTH: 'none',
      HUB_BASE_URL: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: `${name}:`,
      DATABASE_URL: testEnv.databaseUrl,
      DATABASE_SCHEMA: name,
      CAPABILITY_API_KEYS: `routing:${CAPABILITY_KEY}`,
      DEVICE_KEY_TOKENS: `app@acme:${DEVICE_TOKEN}`,
    });
    const kafka = createKafka({ serviceName: 'capfz-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), 1));
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => hub.close(() => resolve()));
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await db.end();
  });

  const c = run.canary;
  const number = fc.constantFrom('%2B447700900123', '%2B447700900120', '447700900123', c, `%2B44${c}`, `${c}%00`, '%2B'.padEnd(400, '9'), '%F0%9F%A6%84', '..%2F..%2Fadmin');
  const batchBody = fc.oneof(bodyFromSchema({ type: 'object', properties: { phoneNumbers: { type: 'array', items: { type: 'string' } } } }, c), fc.record({ phoneNumbers: fc.array(fc.constantFrom('+447700900123', '+33612345678'), { minLength: 1, maxLength: 3 }) }));
  const keyBody = fc.oneof(bodyFromSchema({ type: 'object', properties: { keyId: { type: 'string' }, publicKey: { type: 'string' }, algorithm: { type: 'string' } } }, c), fc.record({ keyId: fc.constant('phone-1'), publicKey: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')) }));
  const none = fc.constant(undefined);
  const endpoint = fc.oneof(
    fc.tuple(fc.constant(CAPABILITY_KEY), fc.constant('GET'), number.map((n) => `/v1/capabilities/${n}`), none),
    fc.tuple(fc.constant(CAPABILITY_KEY), fc.constant('POST'), fc.constant('/v1/capabilities:batchGet'), batchBody),
    fc.tuple(fc.constant(DEVICE_TOKEN), fc.constantFrom('PUT', 'GET'), number.map((n) => `/v1/devices/${n}/keys`), keyBody),
    fc.tuple(fc.constant(DEVICE_TOKEN), fc.constant('DELETE'), fc.tuple(number, fc.constantFrom('phone-1', c, `${c}%00`)).map(([n, k]) => `/v1/devices/${n}/keys/${k}`), none),
    fc.tuple(fc.constantFrom(CAPABILITY_KEY, DEVICE_TOKEN), fc.constantFrom('GET', 'POST', 'PATCH'), fc.constant(`/v1/${c}`), none),
  );
  const requests = fc.tuple(endpoint, bodyEncoding, abusiveHeaders(`Bearer ${CAPABILITY_KEY}`, c), fc.boolean());

  it('answers every fuzzed request with a 2xx or a 4xx problem', async () => {
    await withSeed(run, 'capability-discovery http', async () => {
      for (const [[token, method, path, body], drawnEncoding, headers, honest] of fc.sample(requests, { seed: run.seed, numRuns: run.numRuns })) {
        const encoding = honest ? 'json' : drawnEncoding;
        const wire = method === 'GET' || method === 'DELETE' ? { headers: {} } : encodeBody(body, encoding, c);
        const auth = honest ? { authorization: `Bearer ${token}` } : { ...headers, authorization: Array.isArray(headers.authorization) ? headers.authorization : (headers.authorization ?? '').replace(CAPABILITY_KEY, token) };
        const response = await sendRaw(base, { method, path, headers: { ...auth, ...wire.headers }, ...(wire.body ? { body: wire.body } : {}) }, 10_000);
        expectSafeResponse(response, c, `${method} ${path.slice(0, 80)} [${encoding}]`);
      }
    });
  }, 60_000);

  it('keeps serving while slow-loris clients hold connections open', async () => {
    const loris = slowLoris(base, 20);
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await sendRaw(base, { method: 'GET', path: '/v1/capabilities/%2B447700900123', headers: { authorization: `Bearer ${CAPABILITY_KEY}` } }, 3_000);
        expect(response.status).toBe(200);
      }
    } finally {
      loris.stop();
    }
  }, 30_000);
});
