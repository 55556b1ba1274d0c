import { checkpointSignatureValid, keyFingerprint, parsePublicKey, type PublishedCheckpoint } from '@switchback/audit-format';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../dlq.command';
import { connectAudit, readCheckpoints, readDropRows, readRow, readRows, type DatabaseTarget } from './audit-database';
import { exportAudit, type ExportFormat } from './audit-export';
import { ChainVerifier, dropRecordOf, type ChainAnchor, type Verdict } from './chain-verifier';

export const AUDIT_USAGE = `  audit verify --public-key file|base64 [--public-key ...] [--witness file] [--anchor file|seq:hash] [--from seq] [--to seq]
                          recompute every row hash, link and checkpoint signature; the chain must
                          start at genesis or at the anchor (a signed checkpoint file, or seq:hash)
  audit export [--format jsonl|csv] [--since iso] [--until iso] [--tenant id] [--recipient hash]
                          metadata-only rows as JSON Lines or CSV on stdout`;

/** --name value pairs; a flag may repeat (its values are kept in order). */
export function parseFlags(args: readonly string[], allowed: readonly string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] ?? '';
    const value = args[i + 1];
    if (!name.startsWith('--') || !allowed.includes(name.slice(2)) || value === undefined) throw new UsageError(`unexpected argument "${name}"; flags: ${allowed.map((a) => `--${a}`).join(' ')}`);
    flags.set(name.slice(2), [...(flags.get(name.slice(2)) ?? []), value]);
  }
  return flags;
}

const one = (flags: Map<string, string[]>, name: string): string | undefined => flags.get(name)?.at(-1);

function seqFlag(flags: Map<string, string[]>, name: string): bigint | undefined {
  const value = one(flags, name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,18}$/.test(value)) throw new UsageError(`--${name} must be a positive integer`);
  return BigInt(value);
}

async function keyOf(value: string): Promise<Buffer> {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? value : await readFile(value, 'utf8');
  try {
    return parsePublicKey(text);
  } catch (error) {
    throw new UsageError(`--public-key ${value}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function witnessCheckpoints(file: string): Promise<PublishedCheckpoint[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim());
  return lines.map((line) => {
    const { id: _id, ...checkpoint } = JSON.parse(line) as PublishedCheckpoint;
    return checkpoint;
  });
}

/**
 * Where the chain may start besides genesis, pinned out of band: `seq:hash`, or a file holding
 * one signed checkpoint (a witness line), whose signature must verify with a trusted key.
 */
export async function anchorOf(value: string, trustedKeys: readonly Buffer[]): Promise<ChainAnchor> {
  const [, seq, rowHash] = /^([1-9]\d{0,18}):([0-9a-f]{64})$/.exec(value) ?? [];
  if (seq !== undefined && rowHash !== undefined) return { seq: BigInt(seq), rowHash };
  let checkpoint: PublishedCheckpoint;
  try {
    const [line, ...more] = (await readFile(value, 'utf8')).split('\n').filter((text) => text.trim());
    if (line === undefined || more.length > 0) throw new Error(`holds ${more.length + (line === undefined ? 0 : 1)} checkpoints, not one`);
    checkpoint = JSON.parse(line) as PublishedCheckpoint;
  } catch (error) {
    throw new UsageError(`--anchor ${value}: neither seq:hash (64 hex digits) nor a file with one signed checkpoint (${error instanceof Error ? error.message : String(error)})`);
  }
  const key = trustedKeys.find((candidate) => keyFingerprint(candidate) === checkpoint.key_fingerprint);
  if (!key || checkpoint.count !== checkpoint.seq || !checkpointSignatureValid(checkpoint, key)) throw new UsageError(`--anchor ${value}: the checkpoint is not signed by a key given with --public-key`);
  return { seq: BigInt(checkpoint.seq), rowHash: checkpoint.row_hash };
}

export const PUBLIC_KEY_REQUIRED = 'audit verify needs --public-key (file or base64): the Ed25519 key you trust to have signed the checkpoints. A key read from the database proves nothing, since whoever rewrote the chain can sign it anew.';

/** Verifies the chain in the database; the verdict names the first broken seq. */
export async function auditVerify(target: DatabaseTarget, args: readonly string[]): Promise<{ verdict: Verdict; anchor?: ChainAnchor }> {
  const flags = parseFlags(args, ['from', 'to', 'public-key', 'witness', 'anchor']);
  const from = seqFlag(flags, 'from') ?? 1n;
  const to = seqFlag(flags, 'to');
  const trustedKeys = await Promise.all((flags.get('public-key') ?? []).map(keyOf));
  if (trustedKeys.length === 0) throw new UsageError(PUBLIC_KEY_REQUIRED);
  const anchorFlag = one(flags, 'anchor');
  const anchor = anchorFlag === undefined ? undefined : await anchorOf(anchorFlag, trustedKeys);
  const witness = one(flags, 'witness');
  const client = await connectAudit(target);
  try {
    const stored = (await readCheckpoints(client)).map((c) => ({ ...c, source: 'database' }));
    const witnessed = witness ? (await witnessCheckpoints(witness)).map((c) => ({ ...c, source: 'witness' })) : [];
    const drops = (await readDropRows(client)).flatMap((row) => dropRecordOf(row) ?? []);
    const previous = from > 1n ? await readRow(client, from - 1n) : undefined;
    const verifier = new ChainVerifier({ drops, checkpoints: [...stored, ...witnessed], trustedKeys, from, to, ...(anchor ? { anchor } : {}), ...(previous ? { previous } : {}) });
    for await (const row of readRows(client, from, to)) verifier.push(row);
    return { verdict: verifier.finish(), ...(anchor ? { anchor } : {}) };
  } finally {
    await client.end();
  }
}

export function describeVerdict({ verdict }: { verdict: Verdict }): string {
  if (!verdict.ok) return `broken at seq ${verdict.seq}: ${verdict.reason}`;
  return `ok: ${verdict.rows} rows, ${verdict.checkpoints} checkpoints, head ${verdict.head ?? 'none'}${verdict.headSeq === undefined ? '' : ` at seq ${verdict.headSeq}`}`;
}

function dateFlag(flags: Map<string, string[]>, name: string): Date | undefined {
  const value = one(flags, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 time`);
  return date;
}

export async function auditExport(target: DatabaseTarget, args: readonly string[], write: (line: string) => void): Promise<number> {
  const flags = parseFlags(args, ['format', 'since', 'until', 'tenant', 'recipient']);
  const format = (one(flags, 'format') ?? 'jsonl') as ExportFormat;
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  const since = dateFlag(flags, 'since');
  const until = dateFlag(flags, 'until');
  const tenantId = one(flags, 'tenant');
  const recipientHash = one(flags, 'recipient');
  const client = await connectAudit(target);
  let lines = 0;
  try {
    const filter = { ...(since ? { since } : {}), ...(until ? { until } : {}), ...(tenantId ? { tenantId } : {}), ...(recipientHash ? { recipientHash } : {}) };
    for await (const line of exportAudit(client, filter, format)) {
      write(line);
      lines += 1;
    }
  } finally {
    await client.end();
  }
  return lines;
}
