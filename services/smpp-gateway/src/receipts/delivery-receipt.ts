import type { Pdu } from 'smpp';
import { cOctetString, messageState } from '../smpp/lenient-tlv';
import { canonicalId } from './message-id';

/** Final states of SMPP 3.4 (table 5-6 / appendix B stat values). ENROUTE etc. are not final. */
export type ReceiptClass = 'delivered' | 'failed' | 'expired';

/** An SMSC id a receipt names, and where in the receipt it was found. */
export interface IdCandidate {
  readonly source: 'tlv' | 'text';
  readonly id: string;
}

export interface DeliveryReceipt {
  /** Candidate SMSC ids in the order they are tried: receipted_message_id TLV, then the text's id:. */
  readonly candidates: readonly IdCandidate[];
  /** The 7-letter stat (DELIVRD, UNDELIV, ...), from the TLV message_state when present. */
  readonly stat: string;
  /** undefined: not a final state (ENROUTE, ACCEPTD by some SMSCs as "in progress"). */
  readonly outcome: ReceiptClass | undefined;
  /** err: of the text, or the network_error_code TLV as type:code. */
  readonly error: string | undefined;
  /** The receipt's source address: the handset the message went to. */
  readonly recipient: string;
}

const STAT_BY_MESSAGE_STATE: Readonly<Record<number, string>> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };
const CLASS_BY_STAT: Readonly<Record<string, ReceiptClass>> = {
  DELIVRD: 'delivered',
  ACCEPTD: 'delivered', // final "accepted on the subscriber's behalf" (spec table 5-6)
  EXPIRED: 'expired',
  DELETED: 'failed',
  UNDELIV: 'failed',
  UNKNOWN: 'failed',
  REJECTD: 'failed',
};

export interface ReceiptText {
  readonly id: string;
  readonly stat: string;
  readonly err: string | undefined;
  readonly sub: string | undefined;
  readonly dlvrd: string | undefined;
  readonly submitDate: string | undefined;
  readonly doneDate: string | undefined;
}

/** Parses the de-facto receipt text `id:... sub:... dlvrd:... submit date:... done date:... stat:... err:... text:...`. */
export function parseReceiptText(text: string): ReceiptText | undefined {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const id = field('id');
  const stat = field('stat');
  if (!id || !stat) return undefined;
  return { id, stat: stat.toUpperCase(), err: field('err'), sub: field('sub'), dlvrd: field('dlvrd'), submitDate: field('submit date'), doneDate: field('done date') };
}

function textOf(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | undefined)?.message;
  if (Buffer.isBuffer(message)) return message.toString('latin1');
  return typeof message === 'string' ? message : '';
}

function networkError(value: unknown): string | undefined {
  if (!Buffer.isBuffer(value) || value.length < 3) return undefined;
  return `${value.readUInt8(0)}:${value.readUInt16BE(1)}`;
}

/**
 * A receipt from a deliver_sm or data_sm (esm_class bit 0x04), from its TLVs and/or its text.
 * The TLVs are read leniently (an id without its NUL or with trailing control bytes, a state as
 * an ASCII digit): see lenient-tlv.ts.
 */
export function parseDeliveryReceipt(pdu: Pdu): DeliveryReceipt | undefined {
  if ((Number(pdu['esm_class']) & 0x3c) !== 0x04) return undefined; // not an SMSC delivery receipt
  const text = parseReceiptText(textOf(pdu['short_message']) || textOf(pdu['message_payload']));
  const tlvId = cOctetString(pdu['receipted_message_id']);
  const state = messageState(pdu['message_state']);
  const stat = (state === undefined ? undefined : STAT_BY_MESSAGE_STATE[state]) ?? text?.stat;
  const candidates: IdCandidate[] = [];
  if (tlvId) candidates.push({ source: 'tlv', id: tlvId });
  if (text?.id && (!tlvId || canonicalId(text.id) !== canonicalId(tlvId))) candidates.push({ source: 'text', id: text.id });
  if (!stat || candidates.length === 0) return undefined;
  const err = networkError(pdu['network_error_code']) ?? (text?.err && !/^0+$/.test(text.err) ? text.err : undefined);
  return { candidates, stat, outcome: CLASS_BY_STAT[stat], error: err, recipient: typeof pdu['source_addr'] === 'string' ? pdu['source_addr'] : '' };
}
