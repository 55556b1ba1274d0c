import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, ensureTopics, EventPublisher, kafkaSaslOf, silentBusLogger, TopicNames } from '@switchback/bus';
import type { SendRequested } from '@switchback/contracts';
import { abusiveHeaders, bodyEncoding, bodyFromSchema, encodeBody, expectSafeResponse, fuzzRun, sendRaw, slowLoris, uniqueName, withSeed, type FuzzHttpRequest, type JsonSchemaLike } from '@switchback/testing';
import fc from 'fast-check';
import { z } from 'zod';
import { AdminListener } from '../src/admin/admin-listener';
import { AppModule } from '../src/app.module';
import { messageRequestSchema } from '../src/ingress/message-request';
import { tenantPolicySchema } from '../src/policy/tenant-policy';
import { CapabilityDouble } from './support/capability-double';
import { dropTestSchema, routingTestConfig } from './support/routing-test-config';

// Fuzzes every HTTP endpoint of routing (its producer ingress and its admin listener), bodies
// drawn from their zod schemas, with header abuse, wrong content types, oversized bodies and a
// slow-loris client (issue 18 item 2). Every answer is a 2xx or a 4xx problem document, never a
// 5xx, a hang, a stack trace or the request's own text; a refused request writes nothing.
// Replay a failure with the FUZZ_SEED it prints; FUZZ_RUNS scales the request count.
const ADMIN = 'ops-admin-token-0123456789';
const INGRESS = 'acme-ingress-key-0123456789';

describe('routing HTTP under fuzz (real Postgres and Kafka)', () => {
  const run = fuzzRun(150);
  const name = uniqueName('routing_hfz').replace(/-/g, '_');
  const config = routingTestConfig(name, { ADMIN_TOKENS: `ops@*:${ADMIN}`, ADMIN_HTTP_PORT: '0', TENANT_API_KEYS: `acme:${INGRESS}`, POLICY_CACHE_TTL_MS: '0' });
  const capabilities = new CapabilityDouble();
  const published: string[] = [];
  let app: INestApplication;
  let ingress: string;
  let admin: string;

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'routing-hfz-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot({ ...config, CAPABILITY_BASE_URL: await capabilities.start() }), { logger: false });
    const publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
      if (topic === 'sendRequested') published.push((event as SendRequested).messageId);
      return publish(topic, event, options);
    });
    await app.listen(0, '127.0.0.1');
    ingress = await app.getUrl();
    admin = app.get(AdminListener).url();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await capabilities.stop();
    await dropTestSchema(name);
  });

  const c = run.canary;
  const segment = fc.constantFrom('acme', c, `${c}%00`, `${c}${'a'.repeat(300)}`, '..%2F..%2F', '%F0%9F%A6%84', encodeURIComponent(`${c}?x=1#`));
  // Some bodies valid, so the accepting paths run too (and the no-partial-write check bites).
  const validMessage = fc.record({ to: fc.integer({ min: 100, max: 999 }).map((n) => `+447700900${n}`), text: fc.string({ minLength: 1, maxLength: 50 }) });
  const messageBody = fc.oneof(bodyFromSchema(z.toJSONSchema(messageRequestSchema, { io: 'input' }) as JsonSchemaLike, c), validMessage);
  const policyBody = fc.oneof(bodyFromSchema(z.toJSONSchema(tenantPolicySchema, { io: 'input' }) as JsonSchemaLike, c), fc.record({ smsAllowed: fc.boolean() }, { requiredKeys: [] }));
  const keyBody = bodyFromSchema({ type: 'object', properties: { publicKey: { type: 'string' } } }, c);
  const overrideBody = bodyFromSchema({ type: 'object', properties: { tenantId: { type: 'string' }, reason: { type: 'string' } } }, c);
  const none = fc.constant(undefined);

  /** Every route of both listeners: [listener, method, path, body]. */
  const endpoint = fc.oneof(
    fc.tuple(fc.constant('ingress'), fc.constant('POST'), fc.constant('/v1/messages'), messageBody),
    fc.tuple(fc.constant('ingress'), fc.constant('POST'), fc.constant('/v1/messages:dryRun'), messageBody),
    fc.tuple(fc.constant('ingress'), fc.constant('GET'), segment.map((id) => `/v1/messages/${id}`), none),
    fc.tuple(fc.constant('admin'), fc.constantFrom('GET', 'PUT'), segment.map((t) => `/v1/admin/tenants/${t}/policy`), policyBody),
    fc.tuple(fc.constant('admin'), fc.constant('GET'), segment.map((t) => `/v1/admin/tenants/${t}/producer-keys`), none),
    fc.tuple(fc.constant('admin'), fc.constantFrom('PUT', 'DELETE'), fc.tuple(segment, segment).map(([t, k]) => `/v1/admin/tenants/${t}/producer-keys/${k}`), keyBody),
    fc.tuple(fc.constant('admin'), fc.constant('POST'), segment.map((id) => `/v1/messages/${id}/override`), overrideBody),
    // Routes that do not exist, on either listener.
    fc.tuple(fc.constantFrom('ingress', 'admin'), fc.constantFrom('GET', 'POST', 'PATCH', 'OPTIONS'), segment.map((s) => `/v1/${s}`), none),
  );
  const requests = fc.tuple(endpoint, bodyEncoding, abusiveHeaders(`Bearer ${INGRESS}`, c), abusiveHeaders(`Bearer ${ADMIN}`, c), fc.boolean());

  it('answers every fuzzed request with a 2xx or a 4xx problem, and writes only what it accepted', async () => {
    await withSeed(run, 'routing http', async () => {
      const accepted = new Set<string>();
      let policyPuts = 0;
      const started = Date.now();
      let n = 0;
      for (const [[listener, method, path, body], drawnEncoding, ingressHeaders, adminHeaders, honest] of fc.sample(requests, { seed: run.seed, numRuns: run.numRuns })) {
        // Half the requests are honest about everything but their body.
        const encoding = honest ? 'json' : drawnEncoding;
        const wire = method === 'GET' || method === 'DELETE' ? { headers: {} } : encodeBody(body, encoding, c);
        const abuse = honest ? { authorization: `Bearer ${listener === 'admin' ? ADMIN : INGRESS}`, 'idempotency-key': `k-${run.seed}-${(n += 1)}` } : listener === 'admin' ? adminHeaders : ingressHeaders;
        const request: FuzzHttpRequest = { method, path, headers: { ...abuse, ...wire.headers }, ...(wire.body ? { body: wire.body } : {}) };
        const response = await sendRaw(listener === 'admin' ? admin : ingress, request);
        expectSafeResponse(response, c, `${method} ${listener}${path.slice(0, 80)} [${encoding}]`);
        if (path === '/v1/messages' && response.status === 202) accepted.add((JSON.parse(response.body) as { messageId: string }).messageId);
        if (method === 'PUT' && path === '/v1/admin/tenants/acme/policy' && response.status === 200) policyPuts += 1;
      }
      // No partial writes: only accepted sends went out; the policy has one version per 200.
      expect(published.filter((id) => !accepted.has(id))).toEqual([]);
      const policy = await sendRaw(admin, { method: 'GET', path: '/v1/admin/tenants/acme/policy', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(policy.status === 404 ? 0 : ((JSON.parse(policy.body) as { version?: number }).version ?? 0)).toBe(policyPuts);
      if (process.env['FUZZ_VERBOSE']) console.log(`${run.numRuns} requests in ${Date.now() - started} ms; ${accepted.size} accepted, ${policyPuts} policy versions`);
    });
  }, 60_000);

  // Regressions (found by this fuzzer): each of these was a 500, a plain-JSON 4xx, or an error
  // quoting the request's text, before the global FallbackProblemFilter and the fixes beside it.
  it.each([
    ['a body the JSON parser refuses', 'ingress', 'POST', '/v1/messages:dryRun', `{"${c}": ${c}`, 400],
    ['a body past the JSON limit', 'ingress', 'POST', '/v1/messages:dryRun', `{"text":"${c}${'x'.repeat(2 * 1024 * 1024)}"}`, 413],
    ['a route that does not exist', 'ingress', 'GET', `/v1/${c}`, undefined, 404],
    ['a message id with a NUL', 'ingress', 'GET', `/v1/messages/${c}%00`, undefined, 404],
    ['an unknown key of free text', 'ingress', 'POST', '/v1/messages:dryRun', JSON.stringify({ to: '+447700900123', text: 'hi', [`<${c}>`]: 1 }), 400],
    ['an override with an unknown key', 'admin', 'POST', '/v1/messages/m-1/override', JSON.stringify({ tenantId: 'acme', reason: 'r', [`<${c}>`]: 1 }), 400],
  ] as const)('answers %s with a problem that does not quote it', async (_label, listener, method, path, body, status) => {
    const response = await sendRaw(listener === 'admin' ? admin : ingress, { method, path, headers: { authorization: `Bearer ${listener === 'admin' ? ADMIN : INGRESS}`, 'content-type': 'application/json', 'idempotency-key': 'k-regression' }, ...(body === undefined ? {} : { body }) });
    expect(response.status).toBe(status);
    expectSafeResponse(response, c, path);
  });

  it('keeps serving while slow-loris clients hold connections open', async () => {
    const loris = slowLoris(ingress, 20);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (let i = 0; i < 5; i += 1) {
        const started = Date.now();
        const response = await sendRaw(ingress, { method: 'POST', path: '/v1/messages:dryRun', headers: { authorization: `Bearer ${INGRESS}`, 'content-type': 'application/json' }, body: JSON.stringify({ to: '+447700900123', text: 'hello' }) }, 3_000);
        expect(response.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    } finally {
      loris.stop();
    }
  }, 30_000);
});
