import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPublisher } from '@switchback/bus';
import type { EventOf } from '@switchback/contracts';
import { DatabaseModule } from '@switchback/persistence';
import { CONFIG } from '@switchback/runtime';
import { testEnv, uniqueName } from '@switchback/testing';
import { Client } from 'pg';
import { AdminHttpModule } from '../src/admin/admin-http.module';
import { AdminListener } from '../src/admin/admin-listener';
import { routingMigrations, routingEntities } from '../src/database/routing-database';
import { PolicyModule } from '../src/policy/policy.module';

// The admin API against real Postgres (own schema). Kafka is replaced by a recording publisher:
// the test is about versions, validation and authentication, not the bus.
const ALICE = 'alice-admin-token-0123456789';
const published: { topic: string; event: EventOf<'policyChanged'> }[] = [];
const fakePublisher = { publish: async (topic: string, event: EventOf<'policyChanged'>) => void published.push({ topic, event }) };

describe('policy admin API (real Postgres)', () => {
  const schema = uniqueName('routing').replace(/-/g, '_');
  const tenant = 'acme';
  let app: INestApplication;
  let base: string;
  let publicBase: string;

  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: { ADMIN_TOKENS: [{ actor: 'alice', scope: 'acme', token: ALICE }], ADMIN_HTTP_PORT: 0, ADMIN_HTTP_HOST: '127.0.0.1', POLICY_CACHE_TTL_MS: 5000 } },
      { provide: EventPublisher, useValue: fakePublisher },
    ],
    exports: [CONFIG, EventPublisher],
  })
  class TestPlatformModule {}

  @Module({ imports: [TestPlatformModule, DatabaseModule.forRoot({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations }), AdminHttpModule, PolicyModule] })
  class TestAppModule {}

  const call = (method: string, body?: unknown, token: string | null = ALICE) =>
    fetch(`${base}/v1/admin/tenants/${tenant}/policy`, {
      method,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    publicBase = await app.getUrl();
    // The admin API answers on its own listener only (ADMIN_HTTP_PORT).
    base = app.get(AdminListener).url();
  });

  afterAll(async () => {
    await app?.close();
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('answers 404 on the public port even to a valid admin token, and 403 for another tenant', async () => {
    const onPublic = await fetch(`${publicBase}/v1/admin/tenants/${tenant}/policy`, { headers: { authorization: `Bearer ${ALICE}` } });
    expect(onPublic.status).toBe(404);
    const other = await fetch(`${base}/v1/admin/tenants/globex/policy`, { method: 'PUT', headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' }, body: JSON.stringify({}) });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ status: 403, title: 'Tenant out of scope' });
    expect(published.filter((entry) => entry.event.tenantId === 'globex')).toEqual([]);
  });

  it('gives the default policy as version 0 before any PUT', async () => {
    const response = await call('GET');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ tenantId: tenant, version: 0, policy: { onSensitive: 'secure_link', smsAllowed: true } });
  });

  it('writes versions 1 and 2, GET returns the latest, and each change is announced with its actor', async () => {
    const first = await call('PUT', { onSensitive: 'block' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ version: 1, actor: 'alice', policy: { onSensitive: 'block' } });

    const second = await call('PUT', { smsAllowed: false, rollout: { mode: 'pilot', pilotPercent: 5 } });
    expect(await second.json()).toMatchObject({ version: 2, policy: { onSensitive: 'secure_link', smsAllowed: false } });

    const latest = await call('GET');
    expect(await latest.json()).toMatchObject({ version: 2, actor: 'alice', policy: { smsAllowed: false, rollout: { mode: 'pilot', pilotPercent: 5, dualDeliveryInPilot: true } } });

    expect(published.map(({ topic, event }) => [topic, event.tenantId, event.version, event.actor])).toEqual([
      ['policyChanged', tenant, 1, 'alice'],
      ['policyChanged', tenant, 2, 'alice'],
    ]);
    expect(JSON.parse(published[1]!.event.policyJson)).toMatchObject({ smsAllowed: false });

    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    const rows = await db.query(`SELECT version, actor FROM "${schema}".tenant_policies WHERE tenant_id = $1 ORDER BY version`, [tenant]);
    await db.end();
    expect(rows.rows).toEqual([{ version: 1, actor: 'alice' }, { version: 2, actor: 'alice' }]);
  });

  it('rejects a bad body with a 400 problem naming the bad fields, and writes nothing', async () => {
    const response = await call('PUT', { onSensitive: 'send_anyway', allowedRegions: ['gb'], smsAllowd: true });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { status: number; errors: { field: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['allowedRegions.0', 'onSensitive', 'smsAllowd']);
    expect(await (await call('GET')).json()).toMatchObject({ version: 2 });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'alice-admin-token-0123456780'],
  ])('answers 401 with a problem body for %s, on GET and PUT', async (_label, token) => {
    for (const response of [await call('GET', undefined, token), await call('PUT', {}, token)]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect(published).toHaveLength(2);
  });
});
