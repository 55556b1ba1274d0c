// Secure links: creates and one-view claims per second against the real payload-store Nest app
// (HTTP on 127.0.0.1, its own Postgres schema, Redis key prefix and Kafka topic prefix), and,
// in the same run, a bare `pg` loop doing the same row work on a same-shaped table in its own
// schema: INSERT a row of the same size, then claim it with a conditional DELETE … RETURNING
// (the one view). Both sides run the same number of workers. Payloads are real
// (createSecureLinkPayload), and the claim secrets are derived before the clock starts, so the
// claim timing is only HTTP + the store's work. A third baseline, node:http answering the same
// requests with no store behind it, shows what HTTP alone costs on the machine.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, ensureTopics, saslEnv, silentBusLogger, TopicNames, type BusOptions } from '@switchback/bus';
import { benchKafkaSasl } from './bench-stack';
import { Topics } from '@switchback/contracts';
import { createSecureLinkPayload, deriveFromFragment } from '@switchback/secure-link';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { AppModule } from '../../services/payload-store/src/app.module';
import { payloadStoreConfigSchema } from '../../services/payload-store/src/config/payload-store.config';
import type { BenchMetrics } from './classifier-bench';
import { summarize } from './stats';
import { configurePayloadStoreHttp } from '../../services/payload-store/src/http/configure-http';

export interface LinksBenchOptions {
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly kafkaBrokers?: readonly string[];
  /** Links created and claimed in each timed phase (and rows in each bare phase). */
  readonly count?: number;
  /** Requests (or bare queries) in flight at once. */
  readonly concurrency?: number;
  /** Upper bound of each timed phase; a phase stops early and counts what finished. */
  readonly phaseTimeoutMs?: number;
}

const API_KEY = 'bench-links-key-0123456789abcdef';
const TENANT = 'bench-tenant';
const WARM_UP = 50;
const TTL_S = 3600;
// The store's TypeORM data source uses pg's default pool (10 connections); the bare loop too.
const PG_POOL_MAX = 10;
// About one confidential SMS worth of text.
const PLAINTEXT = 'Your one-time code for account recovery is 482913. It expires in 10 minutes. If you did not ask for it, call us on the number on the back of your card. '.padEnd(200, '.');

interface PreparedLink {
  /** The create body as sent (ciphertext, algorithm, accessVerifier, keyMode). */
  readonly body: string;
  /** `{"claimSecret": …}`, derived from the fragment ahead of time. */
  readonly claimBody: string;
  readonly ciphertext: Buffer;
  readonly verifier: Buffer;
  readonly claimSecret: Buffer;
}

interface PhaseResult {
  readonly perSecond: number;
  readonly p99: number;
  readonly done: number;
}

async function prepareLinks(count: number): Promise<PreparedLink[]> {
  const links: PreparedLink[] = [];
  for (let i = 0; i < count; i++) {
    const payload = await createSecureLinkPayload({ plaintext: PLAINTEXT, keyMode: 'fragment' });
    const keys = await deriveFromFragment(payload.fragment);
    links.push({
      body: JSON.stringify({ ciphertext: payload.ciphertext, algorithm: payload.algorithm, accessVerifier: payload.accessVerifier, keyMode: payload.keyMode, ttlSeconds: TTL_S }),
      claimBody: JSON.stringify({ claimSecret: keys.claimSecret }),
      ciphertext: Buffer.from(payload.ciphertext, 'base64url'),
      verifier: Buffer.from(payload.accessVerifier, 'base64url'),
      claimSecret: Buffer.from(keys.claimSecret, 'base64url'),
    });
  }
  return links;
}

/** Runs `work(0..count-1)` with `concurrency` workers; latencies per item, stops at the deadline. */
async function phase(count: number, concurrency: number, timeoutMs: number, work: (i: number) => Promise<void>): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + timeoutMs;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      await work(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const stats = summarize(latencies, started, performance.now());
  return { perSecond: stats.throughput, p99: stats.p99, done: stats.count };
}

function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`links bench: no item ${i}`);
  return item;
}

async function expectStatus(response: Response, status: number, what: string): Promise<string> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`links bench: ${what} answered ${response.status}, expected ${status}: ${text.slice(0, 200)}`);
  return text;
}

export async function linksBench(options: LinksBenchOptions = {}): Promise<BenchMetrics> {
  const databaseUrl = options.databaseUrl ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback';
  const redisUrl = options.redisUrl ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const brokers = options.kafkaBrokers ?? (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const count = options.count ?? 1_000;
  const concurrency = options.concurrency ?? 16;
  const timeoutMs = options.phaseTimeoutMs ?? 10_000;

  const name = `bench_links_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const bareSchema = `${name}_bare`;
  const topicPrefix = `${name}.`;
  const redisPrefix = `${name}:`;
  const config = payloadStoreConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'bench-identifier-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: brokers.join(','),
    ...saslEnv(benchKafkaSasl),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: name,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    LINK_API_KEYS: `${TENANT}:${API_KEY}`,
    LINK_SWEEP_INTERVAL_MS: '3600000',
    LINK_CREATE_RATE_LIMIT: '1000000',
    LINK_CLAIM_RATE_LIMIT_PER_IP: '1000000',
    LINK_CLAIM_RATE_LIMIT_PER_LINK: '1000',
  });
  const busOptions: BusOptions = { serviceName: `${name}-admin`, brokers, sasl: benchKafkaSasl, topicPrefix, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger };
  const kafka = createKafka(busOptions);
  const lifecycleTopic = new TopicNames(topicPrefix).event('secureLinkLifecycle');
  const db = new Client({ connectionString: databaseUrl });
  const redis = new Redis(redisUrl);
  let app: INestApplication | undefined;
  let pool: Pool | undefined;
  let http: Server | undefined;
  await db.connect();
  try {
    // The publisher never auto-creates topics: provision the lifecycle topic under our prefix.
    await ensureTopics(kafka, [{ topic: lifecycleTopic, numPartitions: Topics.secureLinkLifecycle.partitions, replicationFactor: -1 }]);
    app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
    configurePayloadStoreHttp(app, config);
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const links = await prepareLinks(WARM_UP + count);
    const ids: string[] = new Array<string>(links.length);
    const create = async (i: number) => {
      const response = await fetch(`${base}/v1/links`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: nth(links, i).body });
      ids[i] = (JSON.parse(await expectStatus(response, 201, 'create')) as { id: string }).id;
    };
    const claim = async (i: number) => {
      const link = nth(links, i);
      const response = await fetch(`${base}/v1/links/${nth(ids, i)}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: link.claimBody });
      const served = JSON.parse(await expectStatus(response, 200, 'claim')) as { ciphertext: string; viewsRemaining: number };
      if (served.viewsRemaining !== 0 || served.ciphertext !== link.ciphertext.toString('base64url')) throw new Error('links bench: unexpected claim answer');
    };
    for (let i = 0; i < WARM_UP; i++) await create(i);
    for (let i = 0; i < WARM_UP; i++) await claim(i);
    const creates = await phase(count, concurrency, timeoutMs, (i) => create(WARM_UP + i));
    const claims = await phase(creates.done, concurrency, timeoutMs, (i) => claim(WARM_UP + i));
    const { rows: left } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}".secure_links`);
    if (Number(left[0]?.n) !== creates.done - claims.done) throw new Error(`links bench: ${left[0]?.n} rows left after ${claims.done} of ${creates.done} claims`);

    // The bare baseline: same columns, defaults and indexes (primary key, expires_at), same row
    // sizes.
    await db.query(`CREATE SCHEMA "${bareSchema}"`);
    await db.query(`CREATE TABLE "${bareSchema}".secure_links (LIKE "${name}".secure_links INCLUDING DEFAULTS INCLUDING INDEXES)`);
    const bare = new Pool({ connectionString: databaseUrl, max: PG_POOL_MAX });
    pool = bare;
    const bareIds = links.map(() => randomBytes(16).toString('base64url'));
    const table = `"${bareSchema}".secure_links`;
    const bareInsert = async (i: number) => {
      const link = nth(links, i);
      const now = new Date();
      await bare.query(
        `INSERT INTO ${table} (id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views, views, failed_claims) VALUES ($1, $2, NULL, $3, $4, 'fragment', $5, $6, $7, 1, 0, 0)`,
        [nth(bareIds, i), TENANT, link.ciphertext, 'A256GCM-HKDF-SHA256-v1', link.verifier, now, new Date(now.getTime() + TTL_S * 1000)],
      );
    };
    // Serving the one view of a link is one conditional DELETE … RETURNING: the least row
    // work any store can do for it.
    const bareClaim = async (i: number) => {
      const link = nth(links, i);
      const verifier = createHash('sha256').update(link.claimSecret).digest();
      const { rows } = await bare.query<{ ciphertext: Buffer }>(
        `DELETE FROM ${table} WHERE id = $1 AND expires_at > $2 AND access_verifier = $3 AND views + 1 >= max_views RETURNING ciphertext, algorithm, views, max_views`,
        [nth(bareIds, i), new Date(), verifier],
      );
      if (rows[0]?.ciphertext.length !== link.ciphertext.length) throw new Error('links bench: bare claim found no row');
    };
    for (let i = 0; i < WARM_UP; i++) await bareInsert(i);
    for (let i = 0; i < WARM_UP; i++) await bareClaim(i);
    const bareInserts = await phase(count, concurrency, timeoutMs, (i) => bareInsert(WARM_UP + i));
    const bareClaims = await phase(bareInserts.done, concurrency, timeoutMs, (i) => bareClaim(WARM_UP + i));

    // The floor of any HTTP service here: node:http answering the claim's JSON with a body of
    // the claim answer's size, same client (fetch), same workers, same process. It has no
    // store at all, so it bounds what the link API can reach on this machine.
    const claimAnswer = JSON.stringify({ ciphertext: nth(links, 0).ciphertext.toString('base64url'), algorithm: 'A256GCM-HKDF-SHA256-v1', keyMode: 'fragment', viewsRemaining: 0, expiresAt: new Date().toISOString() });
    http = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        JSON.parse(body);
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(claimAnswer);
      });
    });
    const server = http;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bareHttp = async (i: number) => {
      const response = await fetch(`${bareBase}/v1/links/${nth(bareIds, i)}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nth(links, i).claimBody });
      await expectStatus(response, 200, 'bare http');
    };
    for (let i = 0; i < WARM_UP; i++) await bareHttp(i);
    const bareAnswers = await phase(count, concurrency, timeoutMs, (i) => bareHttp(WARM_UP + i));

    const createRatio = creates.perSecond / bareInserts.perSecond;
    const claimRatio = claims.perSecond / bareClaims.perSecond;
    console.log(
      `links: create ${creates.perSecond.toFixed(0)}/s (bare INSERT ${bareInserts.perSecond.toFixed(0)}/s, ratio ${createRatio.toFixed(3)}), ` +
        `claim ${claims.perSecond.toFixed(0)}/s p99 ${claims.p99.toFixed(1)} ms (bare DELETE ${bareClaims.perSecond.toFixed(0)}/s p99 ${bareClaims.p99.toFixed(1)} ms, ratio ${claimRatio.toFixed(3)}), ` +
        `n=${claims.done}, concurrency ${concurrency}`,
    );
    console.log(
      `links: bare HTTP (node:http, no store) ${bareAnswers.perSecond.toFixed(0)}/s p99 ${bareAnswers.p99.toFixed(1)} ms; ` +
        `claim vs bare HTTP ${(claims.perSecond / bareAnswers.perSecond).toFixed(3)}, create vs bare HTTP ${(creates.perSecond / bareAnswers.perSecond).toFixed(3)}`,
    );
    return {
      links_create_per_s: { value: Math.round(creates.perSecond), unit: 'links/s' },
      links_claim_per_s: { value: Math.round(claims.perSecond), unit: 'claims/s' },
      links_claim_p99_ms: { value: Number(claims.p99.toFixed(2)), unit: 'ms' },
      bare_pg_link_rows_per_s: { value: Math.round(bareClaims.perSecond), unit: 'claims/s' },
      bare_pg_link_inserts_per_s: { value: Math.round(bareInserts.perSecond), unit: 'rows/s' },
      links_vs_bare_pg: { value: Number(claimRatio.toFixed(3)), unit: 'ratio' },
      links_create_vs_bare_pg: { value: Number(createRatio.toFixed(3)), unit: 'ratio' },
      bare_http_answers_per_s: { value: Math.round(bareAnswers.perSecond), unit: 'answers/s' },
      links_claim_vs_bare_http: { value: Number((claims.perSecond / bareAnswers.perSecond).toFixed(3)), unit: 'ratio' },
      links_create_vs_bare_http: { value: Number((creates.perSecond / bareAnswers.perSecond).toFixed(3)), unit: 'ratio' },
    };
  } finally {
    await app?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    http?.closeAllConnections();
    http?.close();
    await db.query(`DROP SCHEMA IF EXISTS "${bareSchema}" CASCADE`).catch(() => undefined);
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    const keys = await redis.keys(`${redisPrefix}*`).catch(() => [] as string[]);
    if (keys.length) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteTopics({ topics: [lifecycleTopic] }))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
}
