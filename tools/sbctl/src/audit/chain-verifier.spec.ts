import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeCheckpoint, GENESIS_HASH, keyFingerprint, storedRowHash, type PublishedCheckpoint, type StoredRow } from '@switchback/audit-format';
import { verifyRows, type DropRecord, type VerifyOptions } from './chain-verifier';

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, raw: publicKey.export({ format: 'der', type: 'spki' }).subarray(12) };
};
const signer = keyPair();

function chain(length: number): StoredRow[] {
  const rows: StoredRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const row: StoredRow = {
      seq: String(seq),
      event_key: `outcome:m-${seq}`,
      event_type: 'delivery_outcome',
      message_id: `m-${seq}`,
      tenant_id: 'acme',
      recipient_hash: 'k1:r',
      hash_key_id: 'k1',
      channel: 'sms',
      outcome: 'delivered',
      fallback_reason: null,
      detail: { leg: 1, reason: '' },
      occurred_at: new Date(1_700_000_000_000 + seq),
      recorded_at: new Date(1_700_000_000_500 + seq),
      prev_hash: prev,
      row_hash: '',
    };
    row.row_hash = storedRowHash(row);
    prev = row.row_hash;
    rows.push(row);
  }
  return rows;
}

function checkpointAt(row: StoredRow, id: string, key: { privateKey: KeyObject; raw: Buffer } = signer): PublishedCheckpoint & { source: string } {
  const body = { id, seq: row.seq, row_hash: row.row_hash, count: row.seq, created_at: '2026-11-23T12:00:00.000Z', key_id: 'a1', key_fingerprint: keyFingerprint(key.raw), public_key: key.raw.toString('base64'), signature: '' };
  return { ...body, signature: sign(null, Buffer.from(encodeCheckpoint(body)), key.privateKey).toString('base64'), source: 'database' };
}

const rehash = (row: StoredRow): StoredRow => ({ ...row, row_hash: storedRowHash(row) });
const opts = (more: Partial<VerifyOptions> = {}): VerifyOptions => ({ drops: [], checkpoints: [], trustedKeys: [signer.raw], ...more });

describe('ChainVerifier', () => {
  const rows = chain(6);
  const checkpoints = [checkpointAt(rows[2]!, '1'), checkpointAt(rows[5]!, '2')];

  it('accepts an intact chain with its checkpoints and reports the head', () => {
    expect(verifyRows(rows, opts({ checkpoints }))).toEqual({ ok: true, rows: 6, checkpoints: 2, headSeq: 6n, head: rows[5]!.row_hash });
  });

  it('names an edited row', () => {
    const edited = rows.map((r) => (r.seq === '4' ? { ...r, outcome: 'failed' } : r));
    expect(verifyRows(edited, opts())).toEqual({ ok: false, seq: 4n, reason: expect.stringMatching(/row hash mismatch/) });
  });

  it('names the next link when the edited row was re-hashed, and the checkpoint when everything after was too', () => {
    const rehashedOne = rows.map((r) => (r.seq === '4' ? rehash({ ...r, outcome: 'failed' }) : r));
    expect(verifyRows(rehashedOne, opts())).toMatchObject({ ok: false, seq: 5n, reason: expect.stringMatching(/prev_hash does not match the hash of row 4/) });
    const rewritten: StoredRow[] = [];
    for (const r of rows) {
      const prev = rewritten.at(-1)?.row_hash ?? GENESIS_HASH;
      rewritten.push(rehash({ ...r, prev_hash: prev, outcome: r.seq === '2' ? 'failed' : r.outcome }));
    }
    expect(verifyRows(rewritten, opts({ checkpoints }))).toMatchObject({ ok: false, seq: 3n, reason: expect.stringMatching(/checkpoint #1 head hash does not match/) });
  });

  it('names a deleted middle row, and a deleted first row', () => {
    expect(verifyRows(rows.filter((r) => r.seq !== '3'), opts())).toMatchObject({ ok: false, seq: 3n, reason: expect.stringMatching(/row 3 missing/) });
    expect(verifyRows(rows.slice(1), opts())).toMatchObject({ ok: false, seq: 1n, reason: expect.stringMatching(/row 1 missing/) });
  });

  it('names rows removed from the tail through the checkpoint that covers them', () => {
    expect(verifyRows(rows.slice(0, 4), opts({ checkpoints }))).toMatchObject({ ok: false, seq: 5n, reason: expect.stringMatching(/rows 5\.\.6 missing: checkpoint #2/) });
  });

  it('names reordered rows', () => {
    const swapped = [rows[0]!, rows[2]!, rows[1]!, ...rows.slice(3)];
    expect(verifyRows(swapped, opts())).toMatchObject({ ok: false, seq: 2n });
  });

  it('names a forged checkpoint, one from an untrusted key, and one with a wrong count', () => {
    const forged = { ...checkpoints[0]!, row_hash: rows[1]!.row_hash };
    expect(verifyRows(rows, opts({ checkpoints: [forged] }))).toMatchObject({ ok: false, seq: 3n, reason: expect.stringMatching(/checkpoint #1 signature invalid/) });
    const mallory = keyPair();
    expect(verifyRows(rows, opts({ checkpoints: [checkpointAt(rows[3]!, '9', mallory)] }))).toMatchObject({ ok: false, seq: 4n, reason: expect.stringMatching(/untrusted key/) });
    expect(verifyRows(rows, opts({ checkpoints: [{ ...checkpoints[0]!, count: '2' }] }))).toMatchObject({ ok: false, seq: 3n, reason: expect.stringMatching(/count 2 is not its seq/) });
  });

  it('without a pinned key still catches a checkpoint changed after signing', () => {
    expect(verifyRows(rows, opts({ trustedKeys: [], checkpoints: [{ ...checkpoints[1]!, seq: '5', count: '5' }] }))).toMatchObject({ ok: false, seq: 5n, reason: expect.stringMatching(/signature invalid/) });
  });

  it('bridges a dropped range with its retention record, and anchors a dropped prefix on it', () => {
    const drop = (first: number, last: number): DropRecord => ({ partition: 'p', firstSeq: BigInt(first), lastSeq: BigInt(last), firstPrevHash: rows[first - 2]?.row_hash ?? GENESIS_HASH, lastRowHash: rows[last - 1]!.row_hash });
    expect(verifyRows([rows[0]!, ...rows.slice(3)], opts({ drops: [drop(2, 3)], checkpoints }))).toMatchObject({ ok: true, rows: 4, checkpoints: 2 });
    expect(verifyRows(rows.slice(3), opts({ drops: [drop(1, 3)], checkpoints }))).toMatchObject({ ok: true, rows: 3 });
    expect(verifyRows([rows[0]!, ...rows.slice(4)], opts({ drops: [drop(2, 3), drop(4, 4)], checkpoints }))).toMatchObject({ ok: true, rows: 3, checkpoints: 2 });
    expect(verifyRows([rows[0]!, ...rows.slice(4)], opts({ drops: [drop(2, 3)] }))).toMatchObject({ ok: false, seq: 4n, reason: expect.stringMatching(/row 4 missing/) });
    const lying = { ...drop(2, 3), lastRowHash: rows[0]!.row_hash };
    expect(verifyRows([rows[0]!, ...rows.slice(3)], opts({ drops: [lying] }))).toMatchObject({ ok: false, seq: 2n, reason: expect.stringMatching(/retention record p does not match the hashes around the gap/) });
  });

  it('verifies a range anchored on the row before it, or on a signed checkpoint there', () => {
    expect(verifyRows(rows.slice(3), opts({ anchor: rows[2]!, checkpoints }))).toMatchObject({ ok: true, rows: 3, checkpoints: 2 });
    expect(verifyRows(rows.slice(3), opts({ checkpoints }))).toMatchObject({ ok: true, rows: 3 });
    expect(verifyRows(rows.slice(3, 5), opts({ anchor: rows[2]!, to: 5n, checkpoints }))).toMatchObject({ ok: true, rows: 2, checkpoints: 1 });
  });
});
