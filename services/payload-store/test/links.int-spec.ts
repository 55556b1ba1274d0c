import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, EventConsumer, EventPublisher, registerHandler, silentBusLogger, TopicNames, type BusOptions } from '@switchback/bus';
import { KeyDeliveryMode, SecureLinkEventType, SecureLinkLifecycleSchema, toBinary, type SecureLinkLifecycle } from '@switchback/contracts';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { Logger as PinoLogger } from 'nestjs-pino';
import fs from 'node:fs';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { CLOCK, type Clock } from '@switchback/runtime';
import { AppModule } from '../src/app.module';
import { payloadStoreConfigSchema, type PayloadStoreConfig } from '../src/config/payload-store.config';
import { LinkExpirySweeper } from '../src/links/link-expiry.sweeper';
import { configurePayloadStoreHttp } from '../src/http/configure-http';

// The link API against the real Postgres (own schema), Kafka (own topic prefix) and Redis (own
// key prefix). The store must only ever see ciphertext: a canary is encrypted here, and at the
// end every column, every lifecycle event and every log line is searched for it.
const KEY_A = 'tenant-a-link-key-0123456789';
const KEY_B = 'tenant-b-link-key-0123456789';
const CANARY = `canary-${randomBytes(8).toString('hex')}`;
// Peppers of this test only (LINK_PEPPERS): p1 current, p2 what a rotation adds.
const P1 = `p1:${randomBytes(32).toString('base64')}`;
const P2 = `p2:${randomBytes(32).toString('base64')}`;
const DAY_S = 24 * 3600;

/** Everything written to stdout/stderr (pino writes to the fds directly), kept off the terminal. */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const keep = (data: unknown) => chunks.push(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
  const isStd = (fd: unknown) => fd === 1 || fd === 2;
  const realWrite = fs.write.bind(fs) as (...args: unknown[]) => void;
  const realWriteSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const spies = [
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (!isStd(fd)) return realWriteSync(fd, data, ...rest);
      keep(data);
      return Buffer.byteLength(data as string);
    }) as typeof fs.writeSync),
    jest.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (!isStd(fd)) return realWrite(fd, data, ...rest);
      keep(data);
      const callback = rest.find((arg) => typeof arg === 'function') as ((error: null, written: number) => void) | undefined;
      process.nextTick(() => callback?.(null, Buffer.byteLength(data as string)));
    }) as typeof fs.write),
    jest.spyOn(process.stdout, 'write').mockImplementation((data: unknown) => keep(data) > 0),
    jest.spyOn(process.stderr, 'write').mockImplementation((data: unknown) => keep(data) > 0),
  ];
  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/** What a sender does before calling the store: encrypt locally, keep key and claim secret. */
function sealCanary(extra = '') {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([iv, cipher.update(`${CANARY}${extra}`, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const claimSecret = randomBytes(32);
  return { key, sealed, claimSecret, verifier: createHash('sha256').update(claimSecret).digest() };
}

function open(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
}

describe('payload-store link API (real Postgres, Kafka, Redis)', () => {
  const name = uniqueName('links').replace(/-/g, '_');
  const baseEnv = {
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'trace',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: `${name}:`,
    PUBLIC_BASE_URL: 'https://links.example.test/',
    LINK_API_KEYS: `tenant-a:${KEY_A},tenant-b:${KEY_B}`,
    LINK_PEPPERS: P1,
    LINK_SWEEP_INTERVAL_MS: '3600000',
    LINK_CLAIM_RATE_LIMIT_PER_IP: '100000',
    LINK_CLAIM_RATE_LIMIT_PER_LINK: '1000',
  };
  const config = payloadStoreConfigSchema.parse(baseEnv);
  const events: SecureLinkLifecycle[] = [];
  let output: ReturnType<typeof captureOutput>;
  let app: INestApplication;
  let base: string;
  let db: Client;
  let busOptions: BusOptions;
  let consumer: EventConsumer;
  let consumerPublisher: EventPublisher;

  const boot = async (settings: PayloadStoreConfig): Promise<{ app: INestApplication; base: string }> => {
    const booted = await NestFactory.create(AppModule.forRoot(settings), { bufferLogs: true });
    booted.useLogger(booted.get(PinoLogger));
    configurePayloadStoreHttp(booted, settings);
    await booted.listen(0, '127.0.0.1');
    return { app: booted, base: await booted.getUrl() };
  };

  const request = (method: string, path: string, options: { key?: string | null; body?: unknown; headers?: Record<string, string>; at?: string } = {}) =>
    fetch(`${options.at ?? base}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });

  const createLink = async (overrides: Record<string, unknown> = {}, key: string = KEY_A) => {
    const seal = sealCanary();
    const response = await request('POST', '/v1/links', {
      key,
      body: { ciphertext: seal.sealed.toString('base64url'), algorithm: 'A256GCM-HKDF-SHA256-v1', accessVerifier: seal.verifier.toString('base64url'), keyMode: 'fragment', ...overrides },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; url: string; expiresAt: string; maxViews: number };
    return { ...seal, ...created };
  };

  const claim = (id: string, claimSecret: Buffer, at?: string) => request('POST', `/v1/links/${id}/claim`, { body: { claimSecret: claimSecret.toString('base64url') }, at });
  const rowCount = async (id: string) => Number((await db.query(`SELECT count(*) AS n FROM "${name}".secure_links WHERE id = $1`, [id])).rows[0].n);
  const eventsOf = (id: string) => events.filter((event) => event.linkId === id);

  beforeAll(async () => {
    output = captureOutput();
    db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    // A reader of the lifecycle topic, like audit-sink, through the bus lib (which creates the topic).
    busOptions = { serviceName: 'links-test-reader', brokers: config.KAFKA_BROKERS, sasl: testEnv.kafkaSasl, topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: [200], partitionsConcurrently: 6, logger: silentBusLogger, sessionTimeoutMs: 6_000 };
    const kafka = createKafka(busOptions);
    const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
    consumerPublisher = new EventPublisher(kafka, names);
    await consumerPublisher.connect();
    consumer = new EventConsumer(kafka, consumerPublisher, names, busOptions, [registerHandler('secureLinkLifecycle', async (event) => void events.push(event))]);
    await consumer.start();
    ({ app, base } = await boot(config));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await consumer?.stop();
    await consumerPublisher?.disconnect();
    await db?.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await db?.end();
    output?.restore();
  });

  it('creates, serves one view with no-store, then the row and its ciphertext are gone', async () => {
    const link = await createLink({ messageId: 'msg-1' });
    expect(link.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(link.url).toBe(`https://links.example.test/s/${link.id}`);
    expect(link.maxViews).toBe(1);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(3590_000);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(await rowCount(link.id)).toBe(1);

    const response = await claim(link.id, link.claimSecret);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { ciphertext: string; algorithm: string; keyMode: string; viewsRemaining: number; expiresAt: string };
    expect(body).toMatchObject({ algorithm: 'A256GCM-HKDF-SHA256-v1', keyMode: 'fragment', viewsRemaining: 0, expiresAt: link.expiresAt });
    expect(open(link.key, Buffer.from(body.ciphertext, 'base64url'))).toBe(CANARY);
    expect(await rowCount(link.id)).toBe(0);
    expect((await claim(link.id, link.claimSecret)).status).toBe(404);

    await eventually(() => expect(eventsOf(link.id).map((e) => e.type)).toEqual([SecureLinkEventType.CREATED, SecureLinkEventType.CLAIMED]));
    expect(eventsOf(link.id)[1]).toMatchObject({ tenantId: 'tenant-a', messageId: 'msg-1', views: 1, maxViews: 1, keyMode: KeyDeliveryMode.FRAGMENT });
  });

  it('gives exactly one of 20 concurrent claims of a one-view link the ciphertext (5 links at once)', async () => {
    const links = await Promise.all(Array.from({ length: 5 }, () => createLink()));
    const rounds = await Promise.all(links.map((link) => Promise.all(Array.from({ length: 20 }, () => claim(link.id, link.claimSecret)))));
    for (const [index, responses] of rounds.entries()) {
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 404)).toHaveLength(19);
      expect(await rowCount(links[index]!.id)).toBe(0);
    }
  });

  it('answers each of many claims arriving together on its own: right secrets served once, wrong ones counted', async () => {
    // Created together (one INSERT), half with an escrow envelope; claimed together (one DELETE).
    const links = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createLink({ keyMode: 'code', ...(i % 2 ? { escrow: { keyId: `escrow-${i}`, envelope: randomBytes(48).toString('base64url') } } : {}) })),
    );
    const responses = await Promise.all(links.map((link, i) => claim(link.id, i % 3 === 0 ? randomBytes(32) : link.claimSecret)));
    for (const [i, link] of links.entries()) {
      const response = responses[i]!;
      if (i % 3 === 0) {
        expect(response.status).toBe(404);
        const { rows } = await db.query(`SELECT failed_claims, escrow_key_id FROM "${name}".secure_links WHERE id = $1`, [link.id]);
        expect(rows).toEqual([{ failed_claims: 1, escrow_key_id: i % 2 ? `escrow-${i}` : null }]);
      } else {
        expect(response.status).toBe(200);
        const body = (await response.json()) as { ciphertext: string };
        expect(open(link.key, Buffer.from(body.ciphertext, 'base64url'))).toBe(CANARY);
        expect(await rowCount(link.id)).toBe(0);
      }
    }
  });

  it('serves a 3-view link exactly 3 times, even to 10 concurrent claims', async () => {
    const link = await createLink({ maxViews: 3 });
    expect(link.maxViews).toBe(3);
    const responses = await Promise.all(Array.from({ length: 10 }, () => claim(link.id, link.claimSecret)));
    const served = responses.filter((r) => r.status === 200);
    expect(served).toHaveLength(3);
    const remaining = await Promise.all(served.map(async (r) => ((await r.json()) as { viewsRemaining: number }).viewsRemaining));
    expect(remaining.sort()).toEqual([0, 1, 2]);
    expect(await rowCount(link.id)).toBe(0);
  });

  it('burns a code link after 5 wrong claim secrets; every refusal is the same 404, byte for byte', async () => {
    const burned = await createLink({ keyMode: 'code' });
    const wrongAnswers: Response[] = [];
    for (let i = 0; i < 5; i++) wrongAnswers.push(await claim(burned.id, randomBytes(32)));
    expect(await rowCount(burned.id)).toBe(0);
    const rightAfterBurn = await claim(burned.id, burned.claimSecret);
    await eventually(() => expect(eventsOf(burned.id).map((e) => e.type)).toEqual([SecureLinkEventType.CREATED, SecureLinkEventType.BURNED]));

    // Four wrong secrets leave the link usable by its holder.
    const survivor = await createLink({ maxViews: 2, keyMode: 'passphrase' });
    for (let i = 0; i < 4; i++) expect((await claim(survivor.id, randomBytes(32))).status).toBe(404);
    expect((await claim(survivor.id, survivor.claimSecret)).status).toBe(200);

    const expired = await createLink({ ttlSeconds: 60 });
    const clock = app.get<Clock>(CLOCK);
    const later = jest.spyOn(clock, 'now').mockReturnValue(Date.now() + 61_000);
    const expiredAnswer = await claim(expired.id, expired.claimSecret);
    later.mockRestore();

    const spent = await createLink();
    expect((await claim(spent.id, spent.claimSecret)).status).toBe(200);
    const answers = [
      ...wrongAnswers,
      rightAfterBurn,
      expiredAnswer,
      await claim(spent.id, spent.claimSecret),
      await claim(randomBytes(16).toString('base64url'), randomBytes(32)),
      await claim('not-a-link-id', randomBytes(32)),
    ];
    const rendered = await Promise.all(answers.map(async (r) => JSON.stringify([r.status, r.headers.get('content-type'), r.headers.get('cache-control'), await r.text()])));
    expect(new Set(rendered).size).toBe(1);
    expect(JSON.parse(rendered[0]!)).toEqual([404, 'application/problem+json; charset=utf-8', 'no-store', '{"type":"about:blank","title":"Link not available","status":404}']);
  });

  it('never burns a fragment or device link on wrong secrets (whoever saw the id); code and passphrase links burn at the 5th', async () => {
    const rows = async (id: string) => (await db.query(`SELECT failed_claims FROM "${name}".secure_links WHERE id = $1`, [id])).rows as { failed_claims: number }[];
    for (const keyMode of ['fragment', 'device']) {
      const link = await createLink({ keyMode });
      for (let i = 0; i < 8; i++) {
        const wrong = await claim(link.id, randomBytes(32));
        expect([wrong.status, wrong.headers.get('content-type'), await wrong.text()]).toEqual([404, 'application/problem+json; charset=utf-8', '{"type":"about:blank","title":"Link not available","status":404}']);
      }
      expect((await request('DELETE', `/v1/links/${link.id}`, { body: { claimSecret: randomBytes(32).toString('base64url') } })).status).toBe(404);
      expect(await rows(link.id)).toEqual([{ failed_claims: 0 }]);
      const right = await claim(link.id, link.claimSecret);
      expect(right.status).toBe(200);
      expect(open(link.key, Buffer.from(((await right.json()) as { ciphertext: string }).ciphertext, 'base64url'))).toBe(CANARY);
      expect(eventsOf(link.id).map((e) => e.type)).not.toContain(SecureLinkEventType.BURNED);
    }
    for (const keyMode of ['code', 'passphrase']) {
      const link = await createLink({ keyMode });
      for (let i = 0; i < 4; i++) expect((await claim(link.id, randomBytes(32))).status).toBe(404);
      expect(await rows(link.id)).toEqual([{ failed_claims: 4 }]);
      expect((await request('DELETE', `/v1/links/${link.id}`, { body: { claimSecret: randomBytes(32).toString('base64url') } })).status).toBe(404);
      expect(await rows(link.id)).toEqual([]);
      await eventually(() => expect(eventsOf(link.id).map((e) => e.type)).toContain(SecureLinkEventType.BURNED));
    }
  });

  it('stores only a peppered verifier and a wrapped ciphertext: a dump holds nothing to test a code against', async () => {
    const link = await createLink({ keyMode: 'code', maxViews: 2 });
    const { rows } = await db.query(`SELECT pepper_key_id, access_verifier, ciphertext FROM "${name}".secure_links WHERE id = $1`, [link.id]);
    const row = rows[0] as { pepper_key_id: string; access_verifier: Buffer; ciphertext: Buffer };
    expect(row.pepper_key_id).toBe('p1');
    expect(row.access_verifier).toHaveLength(32);
    expect(row.access_verifier.equals(link.verifier)).toBe(false);
    expect(row.access_verifier.equals(createHash('sha256').update(link.claimSecret).digest())).toBe(false);
    expect(row.ciphertext.includes(link.sealed.subarray(0, 16))).toBe(false);
    expect(row.ciphertext.includes(link.sealed.subarray(link.sealed.length - 16))).toBe(false);
    // Both paths unwrap it: an earlier view (locked) and the last one (one statement).
    for (const remaining of [1, 0]) {
      const response = await claim(link.id, link.claimSecret);
      const body = (await response.json()) as { ciphertext: string; viewsRemaining: number };
      expect(body.viewsRemaining).toBe(remaining);
      expect(Buffer.from(body.ciphertext, 'base64url')).toEqual(link.sealed);
    }
  });

  it('keeps legacy rows (stored before peppers) claimable and re-keys them under the current pepper at the next sweep', async () => {
    const legacy = async (maxViews: number) => {
      const seal = sealCanary();
      const id = randomBytes(16).toString('base64url');
      await db.query(
        `INSERT INTO "${name}".secure_links (id, tenant_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views) VALUES ($1, 'tenant-a', $2, 'a', 'code', $3, now(), now() + interval '1 hour', $4)`,
        [id, seal.sealed, seal.verifier, maxViews],
      );
      return { ...seal, id };
    };
    const before = await legacy(1);
    const claimedBefore = await claim(before.id, before.claimSecret);
    expect(claimedBefore.status).toBe(200);
    expect(Buffer.from(((await claimedBefore.json()) as { ciphertext: string }).ciphertext, 'base64url')).toEqual(before.sealed);

    const [one, multi] = [await legacy(1), await legacy(2)];
    expect(await app.get(LinkExpirySweeper).rekeyOnce()).toBeGreaterThanOrEqual(2);
    const { rows } = await db.query(`SELECT id, pepper_key_id, access_verifier, ciphertext FROM "${name}".secure_links WHERE id = ANY($1) ORDER BY max_views`, [[one.id, multi.id]]);
    for (const [index, link] of [one, multi].entries()) {
      expect(rows[index]).toMatchObject({ id: link.id, pepper_key_id: 'p1' });
      expect(rows[index].access_verifier.equals(link.verifier)).toBe(false);
      expect(rows[index].ciphertext.equals(link.sealed)).toBe(false);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM "${name}".secure_links WHERE pepper_key_id IS NULL`)).rows[0].n).toBe(0);
    expect((await claim(one.id, randomBytes(32))).status).toBe(404);
    for (const link of [one, multi, multi]) {
      const response = await claim(link.id, link.claimSecret);
      expect(response.status).toBe(200);
      expect(Buffer.from(((await response.json()) as { ciphertext: string }).ciphertext, 'base64url')).toEqual(link.sealed);
    }
  });

  it('rotates peppers: new links use the first, older ids verify until removed (then the link is gone, not burned)', async () => {
    const old = await createLink({ keyMode: 'code', maxViews: 3 });
    const rotated = await boot(payloadStoreConfigSchema.parse({ ...baseEnv, LINK_PEPPERS: `${P2},${P1}` }));
    const retired = await boot(payloadStoreConfigSchema.parse({ ...baseEnv, LINK_PEPPERS: P2 }));
    try {
      expect((await claim(old.id, old.claimSecret, rotated.base)).status).toBe(200);
      const fresh = (await (await request('POST', '/v1/links', { key: KEY_A, at: rotated.base, body: { ciphertext: old.sealed.toString('base64url'), algorithm: 'a', accessVerifier: old.verifier.toString('base64url'), keyMode: 'code' } })).json()) as { id: string };
      expect((await db.query(`SELECT pepper_key_id FROM "${name}".secure_links WHERE id = $1`, [fresh.id])).rows).toEqual([{ pepper_key_id: 'p2' }]);
      // Once p1 is removed its links cannot be opened; the right secret gets the same 404 and
      // nothing counts as a wrong guess.
      for (let i = 0; i < 6; i++) expect((await claim(old.id, old.claimSecret, retired.base)).status).toBe(404);
      expect((await db.query(`SELECT views, failed_claims FROM "${name}".secure_links WHERE id = $1`, [old.id])).rows).toEqual([{ views: 1, failed_claims: 0 }]);
      expect((await claim(fresh.id, old.claimSecret, retired.base)).status).toBe(200);
    } finally {
      await rotated.app.close();
      await retired.app.close();
    }
  });

  it('refuses a TTL above the maximum or below 60 s (400, never clamped) and accepts the maximum', async () => {
    const seal = sealCanary();
    const body = (ttlSeconds: number) => ({ ciphertext: seal.sealed.toString('base64url'), algorithm: 'A256GCM-HKDF-SHA256-v1', accessVerifier: seal.verifier.toString('base64url'), keyMode: 'code', ttlSeconds });
    const tooLong = await request('POST', '/v1/links', { key: KEY_A, body: body(7 * DAY_S + 1) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers.get('content-type')).toContain('application/problem+json');
    expect(await tooLong.json()).toMatchObject({ status: 400, errors: [{ field: 'ttlSeconds' }] });
    expect((await request('POST', '/v1/links', { key: KEY_A, body: body(59) })).status).toBe(400);
    const longest = await request('POST', '/v1/links', { key: KEY_A, body: body(7 * DAY_S) });
    expect(longest.status).toBe(201);
    expect(Date.parse(((await longest.json()) as { expiresAt: string }).expiresAt) - Date.now()).toBeGreaterThan(7 * DAY_S * 1000 - 10_000);
  });

  it('names bad fields without echoing values (400) and refuses too many views', async () => {
    const response = await request('POST', '/v1/links', { key: KEY_A, body: { ciphertext: '!!', algorithm: 'x', accessVerifier: 'c2hvcnQ', keyMode: 'email', extra: 1 } });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['accessVerifier', 'ciphertext', 'extra', 'keyMode']);
    expect(JSON.stringify(problem)).not.toContain('c2hvcnQ');
    const seal = sealCanary();
    const tooMany = await request('POST', '/v1/links', { key: KEY_A, body: { ciphertext: seal.sealed.toString('base64url'), algorithm: 'a', accessVerifier: seal.verifier.toString('base64url'), keyMode: 'fragment', maxViews: 11 } });
    expect(tooMany.status).toBe(400);
    expect((await request('POST', '/v1/links', { key: KEY_A, body: '{"not json' })).status).toBe(400);
  });

  it('accepts the largest ciphertext and answers 413 problems above it, however large the body', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const of = (size: number) => ({ ciphertext: randomBytes(size).toString('base64url'), algorithm: 'A256GCM-HKDF-SHA256-v1', accessVerifier: verifier, keyMode: 'fragment' });
    expect((await request('POST', '/v1/links', { key: KEY_A, body: of(config.LINK_MAX_CIPHERTEXT_BYTES) })).status).toBe(201);
    const over = await request('POST', '/v1/links', { key: KEY_A, body: of(config.LINK_MAX_CIPHERTEXT_BYTES + 1) });
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(await over.json()).toMatchObject({ status: 413, title: 'Payload too large' });
    const huge = await request('POST', '/v1/links', { key: KEY_A, body: of(4 * config.LINK_MAX_CIPHERTEXT_BYTES) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('authenticates creators: 401 without or with a wrong key, 404 for another tenant', async () => {
    const seal = sealCanary();
    const body = { ciphertext: seal.sealed.toString('base64url'), algorithm: 'a', accessVerifier: seal.verifier.toString('base64url'), keyMode: 'fragment' };
    const none = await request('POST', '/v1/links', { body });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await request('POST', '/v1/links', { key: 'tenant-a-link-key-0123456780', body })).status).toBe(401);

    const link = await createLink({ messageId: 'msg-meta', escrow: { keyId: 'escrow-1', envelope: randomBytes(80).toString('base64url') } });
    expect((await request('GET', `/v1/links/${link.id}`)).status).toBe(401);
    const other = await request('GET', `/v1/links/${link.id}`, { key: KEY_B });
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('{"type":"about:blank","title":"Link not available","status":404}');
    expect((await request('DELETE', `/v1/links/${link.id}`, { key: KEY_B })).status).toBe(404);

    const meta = await request('GET', `/v1/links/${link.id}`, { key: KEY_A });
    expect(meta.status).toBe(200);
    const view = (await meta.json()) as Record<string, unknown>;
    expect(view).toEqual({ id: link.id, keyMode: 'fragment', createdAt: expect.any(String), expiresAt: link.expiresAt, maxViews: 1, views: 0, messageId: 'msg-meta', escrowKeyId: 'escrow-1' });
    expect(await rowCount(link.id)).toBe(1);
  });

  it('revokes for the creator and for a holder of the claim secret (body or header), not for a wrong secret', async () => {
    const byCreator = await createLink();
    expect((await request('DELETE', `/v1/links/${byCreator.id}`, { key: KEY_A })).status).toBe(204);
    expect(await rowCount(byCreator.id)).toBe(0);
    expect((await claim(byCreator.id, byCreator.claimSecret)).status).toBe(404);
    expect((await request('DELETE', `/v1/links/${byCreator.id}`, { key: KEY_A })).status).toBe(404);

    const byHeader = await createLink();
    expect((await request('DELETE', `/v1/links/${byHeader.id}`, { body: { claimSecret: randomBytes(32).toString('base64url') } })).status).toBe(404);
    expect((await request('DELETE', `/v1/links/${byHeader.id}`)).status).toBe(404);
    expect((await request('DELETE', `/v1/links/${byHeader.id}`, { headers: { 'x-claim-secret': byHeader.claimSecret.toString('base64url') } })).status).toBe(204);
    expect(await rowCount(byHeader.id)).toBe(0);

    const byBody = await createLink();
    expect((await request('DELETE', `/v1/links/${byBody.id}`, { body: { claimSecret: byBody.claimSecret.toString('base64url') } })).status).toBe(204);
    expect(await rowCount(byBody.id)).toBe(0);

    await eventually(() => {
      expect(eventsOf(byCreator.id).find((e) => e.type === SecureLinkEventType.REVOKED)?.actor).toBe('creator');
      expect(eventsOf(byHeader.id).find((e) => e.type === SecureLinkEventType.REVOKED)?.actor).toBe('holder');
      expect(eventsOf(byBody.id).find((e) => e.type === SecureLinkEventType.REVOKED)?.actor).toBe('holder');
    });
  });

  it('sweeps expired links in batches and announces EXPIRED on Kafka, metadata only', async () => {
    const first = await createLink({ ttlSeconds: 60, keyMode: 'passphrase', messageId: 'msg-exp' });
    const second = await createLink({ ttlSeconds: 120 });
    const sweeper = app.get(LinkExpirySweeper);
    const clock = app.get<Clock>(CLOCK);
    const now = jest.spyOn(clock, 'now').mockReturnValue(Date.now() + 90_000);
    try {
      const swept = await sweeper.sweepOnce();
      expect(swept).toBeGreaterThanOrEqual(1);
      expect(await rowCount(first.id)).toBe(0);
      expect(await rowCount(second.id)).toBe(1);
    } finally {
      now.mockRestore();
    }
    const expired = await eventually(() => {
      const found = eventsOf(first.id).find((e) => e.type === SecureLinkEventType.EXPIRED);
      expect(found).toBeDefined();
      return found!;
    });
    expect(expired).toMatchObject({ tenantId: 'tenant-a', messageId: 'msg-exp', views: 0, maxViews: 1, keyMode: KeyDeliveryMode.PASSPHRASE, expiresAtMs: BigInt(Date.parse(first.expiresAt)) });
    expect(eventsOf(second.id).map((e) => e.type)).toEqual([SecureLinkEventType.CREATED]);
  });

  it('expires a code-mode link whose code was never used at its TTL, like any link, and announces it for the audit log', async () => {
    const unused = await createLink({ ttlSeconds: 60, keyMode: 'code', messageId: 'msg-code-unused' });
    const clock = app.get<Clock>(CLOCK);
    const now = jest.spyOn(clock, 'now').mockReturnValue(Date.now() + 61_000);
    try {
      await app.get(LinkExpirySweeper).sweepOnce();
    } finally {
      now.mockRestore();
    }
    expect(await rowCount(unused.id)).toBe(0);
    const expired = await eventually(() => {
      const found = eventsOf(unused.id).find((e) => e.type === SecureLinkEventType.EXPIRED);
      expect(found).toBeDefined();
      return found!;
    });
    expect(expired).toMatchObject({ tenantId: 'tenant-a', messageId: 'msg-code-unused', views: 0, keyMode: KeyDeliveryMode.SECOND_CHANNEL_CODE });
    // Gone for the recipient too: the code (or any claim secret) opens nothing any more.
    expect((await claim(unused.id, unused.claimSecret)).status).toBe(404);
  });

  it('rate-limits creates per tenant and claims per link with 429 problems and Retry-After', async () => {
    const limited = await boot(payloadStoreConfigSchema.parse({ ...baseEnv, REDIS_KEY_PREFIX: `${name}-rl:`, LINK_CREATE_RATE_LIMIT: '2', LINK_CLAIM_RATE_LIMIT_PER_LINK: '3' }));
    try {
      const seal = sealCanary();
      const body = { ciphertext: seal.sealed.toString('base64url'), algorithm: 'a', accessVerifier: seal.verifier.toString('base64url'), keyMode: 'fragment', maxViews: 10 };
      const creates = [];
      for (let i = 0; i < 3; i++) creates.push(await request('POST', '/v1/links', { key: KEY_A, body, at: limited.base }));
      expect(creates.map((r) => r.status)).toEqual([201, 201, 429]);
      expect(creates[2]!.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(creates[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another tenant has its own budget.
      expect((await request('POST', '/v1/links', { key: KEY_B, body, at: limited.base })).status).toBe(201);

      const { id } = (await creates[0]!.json()) as { id: string };
      const claims = [];
      for (let i = 0; i < 4; i++) claims.push((await claim(id, seal.claimSecret, limited.base)).status);
      expect(claims).toEqual([200, 200, 200, 429]);

      // Wrong secrets for a fragment link spend the link's budget but never burn it.
      const { id: other } = (await (await request('POST', '/v1/links', { key: KEY_B, body, at: limited.base })).json()) as { id: string };
      const wrong = [];
      for (let i = 0; i < 4; i++) wrong.push((await claim(other, randomBytes(32), limited.base)).status);
      expect(wrong).toEqual([404, 404, 404, 429]);
      expect(await rowCount(other)).toBe(1);
    } finally {
      await limited.app.close();
    }
  });

  it('limits claims per client address: X-Forwarded-For counts only from TRUST_PROXY peers', async () => {
    const unknownId = randomBytes(16).toString('base64url');
    const secret = randomBytes(32);
    const claimsFrom = async (at: string, forwardedFor: string[]) => {
      const statuses = [];
      for (const address of forwardedFor) {
        statuses.push((await request('POST', `/v1/links/${unknownId}/claim`, { body: { claimSecret: secret.toString('base64url') }, headers: { 'x-forwarded-for': address }, at })).status);
      }
      return statuses;
    };
    const limits = { LINK_CLAIM_RATE_LIMIT_PER_IP: '2', LINK_CLAIM_RATE_LIMIT_PER_LINK: '1000' };

    // No proxy trusted: a client cannot pick its own bucket by sending the header.
    const direct = await boot(payloadStoreConfigSchema.parse({ ...baseEnv, ...limits, REDIS_KEY_PREFIX: `${name}-xff-direct:` }));
    try {
      expect(await claimsFrom(direct.base, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([404, 404, 429]);
    } finally {
      await direct.app.close();
    }

    // Behind a trusted proxy (here loopback), each forwarded client has its own budget.
    const proxied = await boot(payloadStoreConfigSchema.parse({ ...baseEnv, ...limits, TRUST_PROXY: 'loopback', REDIS_KEY_PREFIX: `${name}-xff-proxied:` }));
    try {
      expect(await claimsFrom(proxied.base, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([404, 404, 429, 404]);
    } finally {
      await proxied.app.close();
    }
  });

  it('serves the recipient page at the link url without consuming the link (preview bots)', async () => {
    const link = await createLink();
    const page = await fetch(`${base}/s/${link.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await rowCount(link.id)).toBe(1);
    expect((await claim(link.id, link.claimSecret)).status).toBe(200);
  });

  it('is ready with Postgres checked and counts link outcomes in /metrics', async () => {
    const ready = await request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(await ready.json())).toContain('postgres');
    const metrics = await (await request('GET', '/metrics')).text();
    for (const metric of ['created', 'claimed', 'expired', 'revoked', 'burned', 'claim_rejected']) expect(metrics).toMatch(new RegExp(`^switchback_secure_links_${metric}_total\\{[^}]*\\} [1-9]`, 'm'));
  });

  it('never holds the plaintext: canary absent from every column, event and log line after a full lifecycle', async () => {
    const link = await createLink({ maxViews: 2, messageId: 'msg-canary', escrow: { keyId: 'escrow-1', envelope: randomBytes(64).toString('base64url') } });
    const { rows } = await db.query(`SELECT t::text AS row FROM "${name}".secure_links t WHERE id = $1`, [link.id]);
    expect(rows).toHaveLength(1);
    expect((await claim(link.id, link.claimSecret)).status).toBe(200);
    expect((await claim(link.id, randomBytes(32))).status).toBe(404);
    const last = await claim(link.id, link.claimSecret);
    expect(open(link.key, Buffer.from(((await last.json()) as { ciphertext: string }).ciphertext, 'base64url'))).toBe(CANARY);
    await eventually(() => expect(eventsOf(link.id).map((e) => e.type)).toEqual([SecureLinkEventType.CREATED, SecureLinkEventType.CLAIMED, SecureLinkEventType.CLAIMED]));

    const all = await db.query(`SELECT t::text AS row FROM "${name}".secure_links t`);
    const stored = [rows[0].row as string, ...all.rows.map((r) => r.row as string)].join('\n');
    const published = events.map((e) => `${JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n${Buffer.from(toBinary(SecureLinkLifecycleSchema, e)).toString('latin1')}`).join('\n');
    await new Promise((resolve) => setImmediate(resolve));
    const logs = output.text();
    expect(logs).toContain(link.id); // the logs were captured at trace level (request lines)
    const forbidden = [CANARY, Buffer.from(CANARY).toString('hex'), Buffer.from(CANARY).toString('base64')];
    // Nor may events or logs hold the pepper, ciphertext, verifier, claim secret or key.
    const secrets = [P1.slice(3), Buffer.from(P1.slice(3), 'base64').toString('hex'), link.sealed.toString('base64url'), link.verifier.toString('base64url'), link.verifier.toString('hex'), link.claimSecret.toString('base64url'), link.claimSecret.toString('hex'), link.key.toString('base64url'), link.key.toString('hex')];
    for (const value of forbidden) {
      expect(stored).not.toContain(value);
      expect(published).not.toContain(value);
      expect(logs).not.toContain(value);
    }
    for (const value of secrets) {
      expect(published).not.toContain(value);
      expect(logs).not.toContain(value);
    }
    expect(published).not.toContain(link.sealed.toString('latin1').slice(0, 24));
  });
});
