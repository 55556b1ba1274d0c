import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeCheckpoint, GENESIS_HASH, keyFingerprint, storedRowHash, type PublishedCheckpoint, type StoredRow } from '@switchback/audit-format';
import { dropRecordOf, verifyRows, type DropRecord, type VerifyOptions } from './chain-verifier';

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

  it('refuses to run without a trusted key: the key stored beside a checkpoint proves nothing', () => {
    expect(() => verifyRows(rows, opts({ trustedKeys: [], checkpoints }))).toThrow(/trusted public key is required/);
    // A chain rewritten whole and signed by its rewriter's own key fails against the pinned one.
    const mallory = keyPair();
    expect(verifyRows(rows, opts({ checkpoints: [checkpointAt(rows[5]!, '1', mallory)] }))).toMatchObject({ ok: false, seq: 6n, reason: expect.stringMatching(/untrusted key/) });
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

  it('verifies a --from range anchored on the row before it, or on a signed checkpoint there', () => {
    expect(verifyRows(rows.slice(3), opts({ from: 4n, previous: rows[2]!, checkpoints }))).toMatchObject({ ok: true, rows: 3, checkpoints: 2 });
    expect(verifyRows(rows.slice(3), opts({ from: 4n, checkpoints }))).toMatchObject({ ok: true, rows: 3 });
    expect(verifyRows(rows.slice(3, 5), opts({ from: 4n, previous: rows[2]!, to: 5n, checkpoints }))).toMatchObject({ ok: true, rows: 2, checkpoints: 1 });
  });

  it('names a head cut off at a checkpointed seq, from the database checkpoints or the witness', () => {
    expect(verifyRows(rows.slice(3), opts({ checkpoints }))).toEqual({ ok: false, seq: 1n, reason: expect.stringMatching(/^rows 1\.\.3 missing: the chain starts at seq 4, linked to neither genesis nor a retention record/) });
    const witnessed = checkpoints.map((c) => ({ ...c, id: undefined, source: 'witness' }));
    expect(verifyRows(rows.slice(3), opts({ checkpoints: witnessed }))).toMatchObject({ ok: false, seq: 1n });
    expect(verifyRows(rows.slice(1), opts())).toMatchObject({ ok: false, seq: 1n, reason: expect.stringMatching(/^row 1 missing: the chain starts at seq 2/) });
  });

  it('starts at a pinned anchor, and names checkpoints below it and an anchor the chain does not match', () => {
    const anchor = { seq: 3n, rowHash: rows[2]!.row_hash };
    expect(verifyRows(rows.slice(3), opts({ anchor, checkpoints }))).toEqual({ ok: true, rows: 3, checkpoints: 2, headSeq: 6n, head: rows[5]!.row_hash });
    const below = checkpointAt(rows[1]!, '0');
    expect(verifyRows(rows.slice(3), opts({ anchor, checkpoints: [below, ...checkpoints] }))).toMatchObject({ ok: false, seq: 2n, reason: "checkpoint #0 is below the chain's start (seq 4): rows up to it were cut from the head" });
    expect(verifyRows(rows.slice(3), opts({ anchor: { seq: 3n, rowHash: rows[1]!.row_hash } }))).toMatchObject({ ok: false, seq: 4n, reason: 'row 4 does not link to the pinned anchor at seq 3' });
    expect(verifyRows(rows.slice(4), opts({ anchor, checkpoints }))).toMatchObject({ ok: false, seq: 4n, reason: expect.stringMatching(/^row 4 missing: the chain starts at seq 5/) });
    // Rows below the anchor still present must match it.
    const rewritten = chain(6).map((r) => (r.seq === '3' ? rehash({ ...r, outcome: 'failed' }) : r));
    expect(verifyRows(rewritten, opts({ anchor }))).toMatchObject({ ok: false, seq: 3n, reason: 'row 3 does not match the pinned anchor' });
  });

  it('refuses a retention record that drops a month inside its own retention period, and does not bridge with it', () => {
    const record = (month: string, retentionMonths: number, last: StoredRow): StoredRow =>
      rehash({
        ...last,
        seq: String(Number(last.seq) + 1),
        event_key: `retention:${month}`,
        event_type: 'audit_partition_dropped',
        outcome: 'dropped',
        detail: { partition: `audit_events_p${month.slice(0, 4)}${month.slice(5, 7)}`, month, retentionMonths, rows: '2', firstSeq: '2', lastSeq: '3', firstPrevHash: rows[0]!.row_hash, lastRowHash: rows[2]!.row_hash },
        prev_hash: last.row_hash,
      });
    // Rows are recorded in 2023-11: a 1-month retention may drop 2023-09, never 2023-10 or 2023-11.
    const fair = record('2023-09-01', 1, rows[5]!);
    expect(verifyRows([rows[0]!, ...rows.slice(3), fair], opts({ drops: [dropRecordOf(fair)!] }))).toMatchObject({ ok: true, rows: 5 });
    const forged = record('2023-10-01', 1, rows[5]!);
    expect(dropRecordOf(forged)).toBeUndefined();
    expect(verifyRows([...rows, forged], opts())).toMatchObject({ ok: false, seq: 7n, reason: 'retention record audit_events_p202310 drops 2023-10 inside its 1-month retention period' });
    expect(verifyRows([rows[0]!, ...rows.slice(3), forged], opts({ drops: [] }))).toMatchObject({ ok: false, seq: 2n, reason: expect.stringMatching(/rows 2\.\.3 missing/) });
  });
});
