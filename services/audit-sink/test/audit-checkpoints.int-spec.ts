import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chainedRowOf, rawPublicKey, rowHash, STORED_COLUMNS, type StoredRow } from '@switchback/audit-format';
import { generateSigningKeySeed, parseSigningKey } from '../src/chain/checkpoint-signer';
import { WITNESS_FILE } from '../src/checkpoint/checkpoint.service';
import { asSuperuserBypassingTriggers, entry, startAudit, type AuditHarness } from './audit-harness';

// Signed checkpoints: stored, published (witness file, HTTP), checked by the verifier against
// the pinned key; a forged or re-signed checkpoint, and rows cut from the tail, are named.
describe('audit checkpoints (real Postgres)', () => {
  let audit: AuditHarness;
  let witnessDir: string;

  beforeEach(async () => {
    witnessDir = await mkdtemp(path.join(tmpdir(), 'audit-witness-'));
    audit = await startAudit('audit_ckpt', { AUDIT_CHECKPOINT_DIR: witnessDir, AUDIT_SIGNING_KEY_ID: 'a7' });
  });

  afterEach(async () => {
    await audit.close();
    await rm(witnessDir, { recursive: true, force: true });
  });

  it('publishes each signed checkpoint to the witness file and over HTTP, and the verifier checks them all', async () => {
    expect((await fetch(`${audit.base}/v1/audit/checkpoints/latest`)).status).toBe(404);
    for (let i = 1; i <= 3; i += 1) await audit.log.append(entry(i));
    const first = await (await fetch(`${audit.base}/v1/audit/checkpoints`, { method: 'POST' })).json();
    for (let i = 4; i <= 5; i += 1) await audit.log.append(entry(i));
    const second = await audit.checkpoints.checkpoint();
    expect(await audit.checkpoints.checkpoint()).toEqual(second); // the head has not moved: no new checkpoint

    const latest = await (await fetch(`${audit.base}/v1/audit/checkpoints/latest`)).json();
    expect(latest).toEqual(second);
    const head = (await audit.db.query('SELECT row_hash FROM audit_events WHERE seq = 5')).rows[0].row_hash;
    expect(latest).toMatchObject({ v: 1, seq: '5', count: '5', row_hash: head, key_id: 'a7', public_key: audit.publicKey });
    const lines = (await readFile(path.join(witnessDir, WITNESS_FILE), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([first, second]);

    const verified = await audit.verify('--public-key', audit.publicKey, '--witness', path.join(witnessDir, WITNESS_FILE));
    expect(verified).toMatchObject({ code: 0, stdout: `ok: 5 rows, 2 checkpoints, head ${head} at seq 5` });
    expect((await audit.verify('--from', '4', '--public-key', audit.publicKey)).stdout).toBe(`ok: 2 rows, 2 checkpoints, head ${head} at seq 5`);
    expect((await audit.verify('--from', '2', '--to', '3', '--public-key', audit.publicKey)).stdout).toMatch(/^ok: 2 rows, 1 checkpoints/);
  });

  it('names a tampered checkpoint, a checkpoint from another key, and a chain re-hashed after its checkpoint', async () => {
    for (let i = 1; i <= 4; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    const other = rawPublicKey(parseSigningKey(generateSigningKeySeed())).toString('base64');
    expect(await audit.verify('--public-key', other)).toMatchObject({ code: 2, stdout: expect.stringMatching(/^broken at seq 4: checkpoint #1 is signed by an untrusted key/) });

    // Rewrite row 2 and re-hash everything after it, as an attacker with the database would.
    await asSuperuserBypassingTriggers(
      audit.db,
      `UPDATE audit_events SET outcome = 'failed' WHERE seq = 2`,
    );
    const { rows } = await audit.db.query(`SELECT seq::int AS seq FROM audit_events ORDER BY seq`);
    expect(rows).toHaveLength(4);
    let prev = (await audit.db.query(`SELECT row_hash FROM audit_events WHERE seq = 1`)).rows[0].row_hash as string;
    for (let seq = 2; seq <= 4; seq += 1) {
      const row = (await audit.db.query(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE seq = $1`, [seq])).rows[0] as StoredRow;
      const hash = rowHash(chainedRowOf({ ...row, prev_hash: prev }));
      await asSuperuserBypassingTriggers(audit.db, 'UPDATE audit_events SET prev_hash = $1, row_hash = $2 WHERE seq = $3', [prev, hash, seq]);
      prev = hash;
    }
    expect(await audit.verify('--public-key', audit.publicKey)).toMatchObject({ code: 2, stdout: 'broken at seq 4: checkpoint #1 head hash does not match the chain (rows up to it were rewritten)' });

    // Re-pointing the checkpoint at the new head breaks its signature.
    await asSuperuserBypassingTriggers(audit.db, 'UPDATE audit_checkpoints SET row_hash = $1', [prev]);
    expect(await audit.verify('--public-key', audit.publicKey)).toMatchObject({ code: 2, stdout: 'broken at seq 4: checkpoint #1 signature invalid' });
  });

  it('the witness file catches rows and checkpoints removed from the tail of the database', async () => {
    for (let i = 1; i <= 5; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_events WHERE seq >= 4');
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_checkpoints');
    expect((await audit.verify('--public-key', audit.publicKey)).stdout).toMatch(/^ok: 3 rows/); // the database alone cannot tell
    expect(await audit.verify('--public-key', audit.publicKey, '--witness', path.join(witnessDir, WITNESS_FILE))).toMatchObject({ code: 2, stdout: 'broken at seq 4: rows 4..5 missing: checkpoint at seq 5 (witness) covers them (removed from the tail)' });
  });
});
