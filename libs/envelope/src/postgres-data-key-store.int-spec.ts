import { testEnv, uniqueName } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { EnvelopeCipher } from './envelope-cipher';
import { DataKeyDestroyedException } from './envelope.errors';
import { LocalKeyEncryption } from './local-key-encryption';
import { PostgresDataKeyStore, type SqlQuery } from './postgres-data-key-store';

// Data keys shared through the real Postgres: two instances (two services) seal and open each
// other's fields, racing first seals agree on one key per tenant and bucket, and a shredded
// key leaves its fields unreadable and its row without key material.
const HOUR = 3_600_000;

describe('envelope keys in Postgres', () => {
  const schema = uniqueName('envelope_keys').replace(/-/g, '_');
  const pool = new Pool({ connectionString: testEnv.databaseUrl, max: 4 });
  const query: SqlQuery = async (sql, params) => (await pool.query(sql, [...params])).rows;
  const kms = new LocalKeyEncryption({ id: 'kek-1', key: randomBytes(32) });
  let now = Date.UTC(2026, 11, 5, 12, 30);
  const options = { bucketMs: HOUR, maxFieldBytes: 4096, cacheTtlMs: 1_000, cacheSize: 100, now: () => now };
  const instance = () => new EnvelopeCipher(kms, new PostgresDataKeyStore(query, schema), options);
  const ref = (messageId: string) => ({ tenantId: 'acme', messageId, field: 'content.text' });

  beforeAll(async () => {
    await new PostgresDataKeyStore(query, schema).migrate();
    // Twice: a deployment may run it on every start.
    await new PostgresDataKeyStore(query, schema).migrate();
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('lets racing instances agree on one key per tenant and bucket, and open each other\'s fields', async () => {
    const instances = Array.from({ length: 4 }, instance);
    const sealed = await Promise.all(instances.map((cipher, i) => cipher.seal(ref(`m-${i}`), Buffer.from(`text ${i}`))));
    const { rows } = await pool.query(`SELECT key_id, kek_id, octet_length(wrapped) AS bytes FROM "${schema}".data_keys WHERE tenant_id = 'acme'`);
    expect(rows).toEqual([{ key_id: expect.stringMatching(/^dk_/), kek_id: 'kek-1', bytes: 60 }]);
    const reader = instance();
    const opened = await reader.openMany(sealed.map((value, i) => ({ ref: ref(`m-${i}`), sealed: value })));
    expect(opened.map((r) => (r.ok ? r.plaintext.toString() : r.error.message))).toEqual(['text 0', 'text 1', 'text 2', 'text 3']);
    expect(reader.unwraps).toBe(1);
  });

  it('shreds keys of buckets past retention: the row keeps its id, loses its key, fields answer key_destroyed', async () => {
    const cipher = instance();
    const old = await cipher.seal(ref('m-old'), Buffer.from('old'));
    now += 3 * HOUR;
    const fresh = await cipher.seal(ref('m-new'), Buffer.from('new'));
    expect(await cipher.shred(HOUR)).toBe(1);
    const { rows } = await pool.query(`SELECT wrapped IS NULL AS gone, destroyed_at IS NOT NULL AS destroyed FROM "${schema}".data_keys ORDER BY bucket_start`);
    expect(rows).toEqual([{ gone: true, destroyed: true }, { gone: false, destroyed: false }]);
    const reader = instance();
    await expect(reader.open(ref('m-old'), old)).rejects.toBeInstanceOf(DataKeyDestroyedException);
    expect((await reader.open(ref('m-new'), fresh)).toString()).toBe('new');
  });
});
