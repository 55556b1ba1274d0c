import { MESSAGE_ID_FORMATS, RECEIPT_STATS, type MessageIdFormat, type ReceiptStat } from '../smsc-options';

/**
 * What the SMSC does, changeable while it runs (admin HTTP POST /_sim/behaviour, or
 * handle.configure()): tests script carrier trouble without restarting the SMSC.
 */
export interface SmscBehaviour {
  /** submit_sm -> receipt; null = never. */
  receiptDelayMs: number | null;
  dropReceipts: boolean;
  /** The receipts of the next N accepted submits are lost. */
  dropNextReceipts: number;
  /** Every receipt is sent twice (SMSCs resend when a deliver_sm_resp is slow). */
  duplicateReceipts: boolean;
  receiptStat: ReceiptStat;
  messageIdFormat: MessageIdFormat;
  /** Past this many accepted submit_sm in any one second: ESME_RTHROTTLED. */
  throttleAfterPerSecond: number | null;
  /** submit_sm_resp goes out this late (lets an ESME's window fill up). */
  responseDelayMs: number;
  /** command_status of the next submit_sm PDUs, in order (0 = handle normally). */
  scriptedStatuses: number[];
}

export class BehaviourPatchError extends Error {
  override readonly name = 'BehaviourPatchError';
}

const nonNegativeInt = (key: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new BehaviourPatchError(`${key} must be a non-negative integer`);
  return value;
};
const nullableInt = (key: string, value: unknown): number | null => (value === null ? null : nonNegativeInt(key, value));
const flag = (key: string, value: unknown): boolean => {
  if (typeof value !== 'boolean') throw new BehaviourPatchError(`${key} must be true or false`);
  return value;
};
const oneOf = <T extends string>(key: string, value: unknown, allowed: readonly T[]): T => {
  const found = allowed.find((a) => a === value);
  if (!found) throw new BehaviourPatchError(`${key} must be one of ${allowed.join(', ')}`);
  return found;
};

const FIELDS: { readonly [K in keyof SmscBehaviour]: (key: string, value: unknown) => SmscBehaviour[K] } = {
  receiptDelayMs: nullableInt,
  dropReceipts: flag,
  dropNextReceipts: nonNegativeInt,
  duplicateReceipts: flag,
  receiptStat: (key, value) => oneOf(key, value, RECEIPT_STATS),
  messageIdFormat: (key, value) => oneOf(key, value, MESSAGE_ID_FORMATS),
  throttleAfterPerSecond: nullableInt,
  responseDelayMs: nonNegativeInt,
  scriptedStatuses: (key, value) => {
    if (!Array.isArray(value)) throw new BehaviourPatchError(`${key} must be an array of command_status numbers`);
    return value.map((v: unknown) => nonNegativeInt(key, v));
  },
};

/** Applies a JSON patch (all or nothing); unknown keys and bad values are refused. */
export function patchBehaviour(behaviour: SmscBehaviour, patch: unknown): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new BehaviourPatchError('the body must be a JSON object');
  const updates: Partial<Record<keyof SmscBehaviour, unknown>> = {};
  for (const [key, value] of Object.entries(patch)) {
    const parse = FIELDS[key as keyof SmscBehaviour];
    if (!parse) throw new BehaviourPatchError(`unknown setting ${key}`);
    updates[key as keyof SmscBehaviour] = parse(key, value);
  }
  Object.assign(behaviour, updates);
}

/** The starting behaviour, from the simulator's options. */
export function initialBehaviour(options: {
  readonly receiptDelayMs: number | null;
  readonly dropReceipts: boolean;
  readonly duplicateReceipts: boolean;
  readonly receiptStat: ReceiptStat;
  readonly messageIdFormat: MessageIdFormat;
  readonly throttleAfterPerSecond: number | null;
  readonly responseDelayMs: number;
}): SmscBehaviour {
  return {
    receiptDelayMs: options.receiptDelayMs,
    dropReceipts: options.dropReceipts,
    dropNextReceipts: 0,
    duplicateReceipts: options.duplicateReceipts,
    receiptStat: options.receiptStat,
    messageIdFormat: options.messageIdFormat,
    throttleAfterPerSecond: options.throttleAfterPerSecond,
    responseDelayMs: options.responseDelayMs,
    scriptedStatuses: [],
  };
}
