import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chainedRowOf, GENESIS_HASH, rawPublicKey, rowHash, STORED_COLUMNS, toWire, type StoredRow } from '@switchback/audit-format';
import { CheckpointSigner, generateSigningKeySeed, parseSigningKey } from '../src/chain/checkpoint-signer';
import { WITNESS_FILE } from '../src/checkpoint/checkpoint.service';
import { asSuperuserBypassingTriggers, entry, operatorAuth, startAudit, type AuditHarness } from './audit-harness';

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

  it('signs and shows checkpoints to operators only: no token or a wrong one gets 401 and signs nothing', async () => {
    await audit.log.append(entry(1));
    for (const headers of [{}, { authorization: 'Bearer not-the-operator-token-000' }]) {
      expect((await fetch(`${audit.base}/v1/audit/checkpoints`, { method: 'POST', headers })).status).toBe(401);
      expect((await fetch(`${audit.base}/v1/audit/checkpoints/latest`, { headers })).status).toBe(401);
    }
    expect((await audit.db.query('SELECT count(*)::int AS n FROM audit_checkpoints')).rows[0].n).toBe(0);
    expect((await fetch(`${audit.base}/v1/audit/checkpoints`, { method: 'POST', headers: operatorAuth })).status).toBe(200);
  });

  it('publishes each signed checkpoint to the witness file and over HTTP, and the verifier checks them all', async () => {
    expect((await fetch(`${audit.base}/v1/audit/checkpoints/latest`, { headers: operatorAuth })).status).toBe(404);
    for (let i = 1; i <= 3; i += 1) await audit.log.append(entry(i));
    const first = await (await fetch(`${audit.base}/v1/audit/checkpoints`, { method: 'POST', headers: operatorAuth })).json();
    for (let i = 4; i <= 5; i += 1) await audit.log.append(entry(i));
    const second = await audit.checkpoints.checkpoint();
    expect(await audit.checkpoints.checkpoint()).toEqual(second); // the head has not moved: no new checkpoint

    const latest = await (await fetch(`${audit.base}/v1/audit/checkpoints/latest`, { headers: operatorAuth })).json();
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

  // Issue 17 item 5: rows 1..k removed at a checkpointed k left a chain that linked to that
  // checkpoint, and the verifier took it as where the chain starts.
  it('names a head cut off at a checkpointed seq, from the database or the witness; an anchor pinned out of band lets a chain start later', async () => {
    const witness = path.join(witnessDir, WITNESS_FILE);
    for (let i = 1; i <= 2; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    await audit.log.append(entry(3));
    const atThree = await audit.checkpoints.checkpoint();
    for (let i = 4; i <= 5; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_events WHERE seq <= 3');

    const cut = /^broken at seq 1: rows 1\.\.3 missing: the chain starts at seq 4, linked to neither genesis nor a retention record/;
    expect(await audit.verifyPinned()).toMatchObject({ code: 2, stdout: expect.stringMatching(cut) });
    expect(await audit.verifyPinned('--witness', witness)).toMatchObject({ code: 2, stdout: expect.stringMatching(cut) });

    // Pinned at seq 3 (a signed checkpoint file, or seq:hash): the chain may start at 4, but the
    // checkpoint at 2, in the database or the witness, is below that start and is named.
    const anchorFile = path.join(witnessDir, 'anchor.json');
    await writeFile(anchorFile, `${JSON.stringify(atThree)}\n`);
    expect(await audit.verifyPinned('--anchor', anchorFile)).toMatchObject({ code: 2, stdout: "broken at seq 2: checkpoint #1 is below the chain's start (seq 4): rows up to it were cut from the head" });
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_checkpoints WHERE seq = 2');
    const head = (await audit.db.query('SELECT row_hash FROM audit_events WHERE seq = 5')).rows[0].row_hash;
    expect(await audit.verifyPinned('--anchor', anchorFile)).toMatchObject({ code: 0, stdout: `ok: 2 rows, 2 checkpoints, head ${head} at seq 5` });
    expect(await audit.verifyPinned('--anchor', `3:${atThree!.row_hash}`)).toMatchObject({ code: 0, stdout: `ok: 2 rows, 2 checkpoints, head ${head} at seq 5` });
    expect(await audit.verifyPinned('--anchor', anchorFile, '--witness', witness)).toMatchObject({ code: 2, stdout: "broken at seq 2: checkpoint at seq 2 (witness) is below the chain's start (seq 4): rows up to it were cut from the head" });
    expect(await audit.verifyPinned('--anchor', `3:${GENESIS_HASH}`)).toMatchObject({ code: 2, stdout: 'broken at seq 4: row 4 does not link to the pinned anchor at seq 3' });

    // An anchor file is only as good as its signature.
    const mallory = new CheckpointSigner(parseSigningKey(generateSigningKeySeed()), 'a7');
    await writeFile(anchorFile, `${JSON.stringify(toWire(mallory.sign({ seq: '3', rowHash: atThree!.row_hash }, new Date())))}\n`);
    expect(await audit.verifyPinned('--anchor', anchorFile)).toMatchObject({ code: 64, stderr: expect.stringMatching(/the checkpoint is not signed by a key given with --public-key/) });
  });

  it('refuses to verify without a trusted public key; a chain rewritten whole and self-signed fails against the pinned one', async () => {
    for (let i = 1; i <= 3; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    expect(await audit.verify()).toMatchObject({ code: 64, stdout: '', stderr: expect.stringMatching(/^audit verify needs --public-key/) });

    // Rewrite every row from genesis and sign the new head with the rewriter's own key.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq += 1) {
      const row = (await audit.db.query(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE seq = $1`, [seq])).rows[0] as StoredRow;
      const hash = rowHash(chainedRowOf({ ...row, outcome: 'failed', prev_hash: prev }));
      await asSuperuserBypassingTriggers(audit.db, `UPDATE audit_events SET outcome = 'failed', prev_hash = $1, row_hash = $2 WHERE seq = $3`, [prev, hash, seq]);
      prev = hash;
    }
    const mallory = new CheckpointSigner(parseSigningKey(generateSigningKeySeed()), 'a7');
    const resigned = mallory.sign({ seq: '3', rowHash: prev }, new Date());
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_checkpoints');
    await audit.db.query(`INSERT INTO audit_checkpoints (seq, row_hash, row_count, created_at, key_id, key_fingerprint, public_key, signature) VALUES (3, $1, 3, $2, 'a7', $3, $4, $5)`, [prev, resigned.createdAt, resigned.keyFingerprint, resigned.publicKey, resigned.signature]);
    expect(await audit.verify()).toMatchObject({ code: 64, stderr: expect.stringMatching(/needs --public-key/) });
    expect(await audit.verifyPinned()).toMatchObject({ code: 2, stdout: expect.stringMatching(/^broken at seq 3: checkpoint #\d+ is signed by an untrusted key/) });
  });
});
