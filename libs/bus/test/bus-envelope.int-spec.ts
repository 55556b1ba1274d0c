import { create, DispatchCommandSchema, type DispatchCommand } from '@switchback/contracts';
import { EnvelopeCipher, LocalKeyEncryption, PostgresDataKeyStore, type SqlQuery } from '@switchback/envelope';
import { PermanentException } from '@switchback/errors';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { BusEnvelope } from '../src/bus-envelope';
import { BusHeaders } from '../src/bus-headers';
import { pendingDeadLetters, redriveDeadLetters } from '../src/dead-letter-redriver';
import { registerHandler } from '../src/event-handler';
import { BusFixture } from './bus-fixture';

// Envelope encryption on the real broker and Postgres: a service holding the key-encryption key
// (a gateway) reads the recipient and text of a dispatch command; one without it (as
// capability-discovery and audit-sink are configured) and the broker's own copy hold neither;
// after the data key is shredded, a redriven dead letter goes back to the dead letters as
// key_destroyed instead of being read.
const HOUR = 3_600_000;
const CANARY_TEXT = 'canary-envelope-text-5517';
const CANARY_NUMBER = '+447700900777';

describe('bus envelope on the real broker', () => {
  const schema = uniqueName('bus_keys').replace(/-/g, '_');
  const pool = new Pool({ connectionString: testEnv.databaseUrl, max: 3 });
  const query: SqlQuery = async (sql, params) => (await pool.query(sql, [...params])).rows;
  const kms = new LocalKeyEncryption({ id: 'kek-1', key: randomBytes(32) });
  let now = Date.now();
  const cipher = () => new EnvelopeCipher(kms, new PostgresDataKeyStore(query, schema), { bucketMs: HOUR, maxFieldBytes: 4096, cacheTtlMs: 60_000, cacheSize: 100, now: () => now });
  const buses: BusFixture[] = [];

  beforeAll(() => new PostgresDataKeyStore(query, schema).migrate());

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const command = (messageId: string) => create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient: CANARY_NUMBER, content: { text: CANARY_TEXT }, leg: 1 });

  it('lets only a service with the key read the fields; the broker and a keyless service see ciphertext', async () => {
    const gateway = new BusFixture('envelope', { serviceName: 'gateway', envelope: new BusEnvelope(cipher()) });
    const keyless = new BusFixture('envelope', { serviceName: 'keyless', topicPrefix: gateway.options.topicPrefix });
    buses.push(gateway, keyless);
    const opened: DispatchCommand[] = [];
    const sealed: DispatchCommand[] = [];
    await gateway.start([registerHandler('dispatchSms', async (event) => void opened.push(event))]);
    await keyless.start([registerHandler('dispatchSms', async (event) => void sealed.push(event))]);

    // Routing's side: its own instance of the cipher, sharing the key store.
    const routing = new BusFixture('envelope-routing', { topicPrefix: gateway.options.topicPrefix, envelope: new BusEnvelope(cipher()) });
    buses.push(routing);
    await routing.publisher.connect();
    await routing.publisher.publish('dispatchSms', command('m-1'), { key: 'r', messageId: 'm-1' });

    await eventually(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toMatchObject({ recipient: CANARY_NUMBER, content: { text: CANARY_TEXT }, leg: 1 });
    await eventually(() => expect(sealed).toHaveLength(1));
    expect(sealed[0]).toMatchObject({ recipient: '', leg: 1 });
    expect(sealed[0]!.content).toBeUndefined();
    expect(sealed[0]!.sealed.byteLength).toBeGreaterThan(0);

    const [raw] = await gateway.readTopic(gateway.names.event('dispatchSms'), 1);
    expect(raw!.value!.includes(CANARY_TEXT)).toBe(false);
    expect(raw!.value!.includes(CANARY_NUMBER)).toBe(false);
  });

  it('dead-letters with ciphertext only, and a redrive after shredding ends as key_destroyed, not read', async () => {
    const gatewayCipher = cipher();
    const gateway = new BusFixture('shred', { serviceName: 'gateway', envelope: new BusEnvelope(gatewayCipher), retryDelaysMs: [200] });
    buses.push(gateway);
    const handled: DispatchCommand[] = [];
    await gateway.start([
      registerHandler('dispatchSms', async (event) => {
        if (event.content?.text === CANARY_TEXT && handled.length === 0) {
          handled.push(event);
          throw new PermanentException('carrier_rejected', 'rejected by the carrier');
        }
        handled.push(event);
      }),
    ]);
    await gateway.publisher.publish('dispatchSms', command('m-2'), { key: 'r', messageId: 'm-2' });
    const [dead] = await gateway.readTopic(gateway.names.deadLetter('gateway'), 1);
    expect(dead!.headers?.[BusHeaders.errorCode]?.toString()).toBe('carrier_rejected');
    expect(dead!.value!.includes(CANARY_TEXT)).toBe(false);
    expect(dead!.value!.includes(CANARY_NUMBER)).toBe(false);

    // Lifecycle over: the bucket's key is destroyed, and memory forgets it (cache TTL passed).
    now += 3 * HOUR;
    expect(await gatewayCipher.shred(HOUR)).toBe(1);
    expect(await redriveDeadLetters(gateway.kafka, gateway.publisher, gateway.names, 'gateway')).toEqual({ redriven: 1 });
    await eventually(async () => expect(await pendingDeadLetters(gateway.kafka, gateway.names, 'gateway')).toBe(1), 15_000);
    const letters = await gateway.readTopic(gateway.names.deadLetter('gateway'), 2);
    expect(letters[1]!.headers?.[BusHeaders.errorCode]?.toString()).toBe('key_destroyed');
    expect(handled).toHaveLength(1);
  });

  it('dead-letters a dispatch command a keyless publisher forged in clear, before any handler sees it', async () => {
    const gateway = new BusFixture('forged', { serviceName: 'gateway', envelope: new BusEnvelope(cipher()) });
    const forger = new BusFixture('forged', { serviceName: 'forger', topicPrefix: gateway.options.topicPrefix });
    buses.push(gateway, forger);
    const handled: DispatchCommand[] = [];
    await gateway.start([registerHandler('dispatchSms', async (event) => void handled.push(event))]);
    await forger.publisher.connect();
    await forger.publisher.publish('dispatchSms', command('m-forged'), { key: 'r', messageId: 'm-forged' });
    const [dead] = await gateway.readTopic(gateway.names.deadLetter('gateway'), 1);
    expect(dead!.headers?.[BusHeaders.errorCode]?.toString()).toBe('envelope_missing');
    expect(handled).toEqual([]);
  });
});
