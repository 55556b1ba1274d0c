import { MESSAGE_ID_FORMATS, RECEIPT_STATS, type MessageIdFormat, type ReceiptStat, type RejectPrefix, type SmscSimulatorOptions } from '../smsc-options';

/** An SMSC_SIM_* variable is unusable; the CLI exits non-zero. */
export class SmscConfigError extends Error {
  override readonly name = 'SmscConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export interface SmscCliConfig {
  readonly smsc: SmscSimulatorOptions;
  /** null = no admin HTTP server (SMSC_SIM_ADMIN_PORT=off). */
  readonly adminPort: number | null;
}

function integer(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new SmscConfigError(`${name} must be an integer from 0 to ${max}, got "${raw}"`);
  return value;
}

/** "+1999:0x0B,44:11" -> [{prefix:'+1999', status:0x0b}, {prefix:'44', status:11}] */
function rejectPrefixes(raw: string | undefined): RejectPrefix[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [prefix, status] = entry.split(':');
      const code = Number(status);
      if (!prefix || !Number.isInteger(code) || code <= 0) throw new SmscConfigError(`SMSC_SIM_REJECT_PREFIXES entry "${entry}" must look like +1999:0x0B`);
      return { prefix, status: code };
    });
}

function messageIdFormat(raw: string | undefined): MessageIdFormat {
  if (raw === undefined || raw === '') return 'hex';
  const format = MESSAGE_ID_FORMATS.find((f) => f === raw);
  if (!format) throw new SmscConfigError(`SMSC_SIM_MESSAGE_ID_FORMAT must be one of ${MESSAGE_ID_FORMATS.join(', ')}, got "${raw}"`);
  return format;
}

function receiptStat(raw: string | undefined): ReceiptStat | undefined {
  if (raw === undefined || raw === '') return undefined;
  const stat = RECEIPT_STATS.find((s) => s === raw);
  if (!stat) throw new SmscConfigError(`SMSC_SIM_RECEIPT_STAT must be one of ${RECEIPT_STATS.join(', ')}, got "${raw}"`);
  return stat;
}

/** The CLI's options from SMSC_SIM_* variables (documented in main.ts). */
export function smscConfigFromEnv(env: Env): SmscCliConfig {
  const throttle = env['SMSC_SIM_THROTTLE_PER_SECOND'];
  const admin = env['SMSC_SIM_ADMIN_PORT'];
  const stat = receiptStat(env['SMSC_SIM_RECEIPT_STAT']);
  return {
    smsc: {
      port: integer(env, 'SMSC_SIM_PORT', 2775, 65_535),
      host: env['SMSC_SIM_HOST'] || '127.0.0.1',
      systemId: env['SMSC_SIM_SYSTEM_ID'] || 'switchback',
      password: env['SMSC_SIM_PASSWORD'] || 'secret',
      receiptDelayMs: integer(env, 'SMSC_SIM_RECEIPT_DELAY_MS', 50),
      messageIdFormat: messageIdFormat(env['SMSC_SIM_MESSAGE_ID_FORMAT']),
      rejectPrefixes: rejectPrefixes(env['SMSC_SIM_REJECT_PREFIXES']),
      ...(throttle ? { throttleAfterPerSecond: integer(env, 'SMSC_SIM_THROTTLE_PER_SECOND', 0) } : {}),
      dropReceipts: env['SMSC_SIM_DROP_RECEIPTS'] === 'true',
      ...(env['SMSC_SIM_RESPONSE_DELAY_MS'] ? { responseDelayMs: integer(env, 'SMSC_SIM_RESPONSE_DELAY_MS', 0, 600_000) } : {}),
      ...(stat ? { receiptStat: stat } : {}),
      ...(env['SMSC_SIM_DUPLICATE_RECEIPTS'] === 'true' ? { duplicateReceipts: true } : {}),
    },
    adminPort: admin === 'off' ? null : integer(env, 'SMSC_SIM_ADMIN_PORT', 2776, 65_535),
  };
}
