import { encodings, type Pdu } from 'smpp';
import { SmppStatus } from '../smpp-status';

/** Concatenation info from a UDH (IEI 0x00 / 0x08) or the sar_* TLVs. */
export interface ConcatInfo {
  readonly reference: number;
  readonly total: number;
  readonly sequence: number;
}

export interface DecodedSubmit {
  readonly source: string;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destination: string;
  readonly destinationTon: number;
  readonly destinationNpi: number;
  readonly dataCoding: number;
  readonly registeredDelivery: number;
  /** Decoded text; hex of the octets when the data_coding is not a text alphabet. */
  readonly text: string;
  readonly binary: boolean;
  readonly concat: ConcatInfo | undefined;
}

/** The submit_sm is malformed: answered with `status`, recorded nowhere. */
export class SubmitRejectedError extends Error {
  override readonly name = 'SubmitRejectedError';

  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** SMPP 3.4 caps sm_length at 254; longer content belongs in message_payload. */
const MAX_SHORT_MESSAGE_OCTETS = 254;
const UDH_INDICATOR = 0x40;

/** What the `smpp` package leaves in short_message / message_payload after its decode filter. */
interface PackageMessage {
  readonly message: string | Buffer;
  readonly udh: readonly Buffer[];
}

function readMessage(value: unknown): PackageMessage | undefined {
  if (Buffer.isBuffer(value)) return { message: value, udh: [] };
  if (typeof value !== 'object' || value === null) return undefined;
  const { message, udh } = value as { message?: unknown; udh?: unknown };
  if (typeof message !== 'string' && !Buffer.isBuffer(message)) return undefined;
  return { message, udh: Array.isArray(udh) ? udh.filter((ie): ie is Buffer => Buffer.isBuffer(ie)) : [] };
}

const isEmpty = (m: PackageMessage | undefined): boolean => !m || (m.message.length === 0 && m.udh.length === 0);

function text(pdu: Pdu, field: string): string {
  const value = pdu[field];
  return typeof value === 'string' ? value : '';
}

function int(pdu: Pdu, field: string): number {
  const value = pdu[field];
  return typeof value === 'number' ? value : 0;
}

/** Octets the text took on the wire, re-derived because the package hands us decoded text. */
function encodedOctets(message: string | Buffer, dataCoding: number): number {
  if (Buffer.isBuffer(message)) return message.length;
  switch (dataCoding & 0x0f) {
    case 0x00:
    case 0x01: // the package decodes 0 and 1 alike, as unpacked GSM 03.38
      return encodings.ASCII.encode(message).length;
    case 0x08:
      return Buffer.byteLength(message, 'utf16le');
    default:
      return Buffer.byteLength(message, 'latin1');
  }
}

function concatFromUdh(udh: readonly Buffer[]): ConcatInfo | undefined {
  for (const ie of udh) {
    // IE bytes: identifier, length, then reference (1 or 2 octets), part count, part number.
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) return { reference: ie.readUInt8(2), total: ie.readUInt8(3), sequence: ie.readUInt8(4) };
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) return { reference: ie.readUInt16BE(2), total: ie.readUInt8(4), sequence: ie.readUInt8(5) };
  }
  return undefined;
}

function concatFromSar(pdu: Pdu): ConcatInfo | undefined {
  const total = pdu['sar_total_segments'];
  const sequence = pdu['sar_segment_seqnum'];
  const reference = pdu['sar_msg_ref_num'];
  if (typeof total !== 'number' || typeof sequence !== 'number' || typeof reference !== 'number') return undefined;
  return { reference, total, sequence };
}

const plausible = (c: ConcatInfo | undefined): ConcatInfo | undefined => (c && c.total >= 1 && c.sequence >= 1 && c.sequence <= c.total ? c : undefined);

/**
 * Reads a submit_sm the `smpp` package already parsed: it decoded the text by data_coding
 * (0 and 1 as GSM 03.38, 3 Latin-1, 8 UCS-2) and split off the UDH when esm_class has 0x40.
 */
export function decodeSubmitSm(pdu: Pdu): DecodedSubmit {
  const dataCoding = int(pdu, 'data_coding');
  const shortMessage = readMessage(pdu['short_message']);
  const payload = readMessage(pdu['message_payload']);
  if (!isEmpty(shortMessage) && !isEmpty(payload)) {
    throw new SubmitRejectedError(SmppStatus.ESME_RINVMSGLEN, 'both short_message and message_payload are set');
  }
  const content = isEmpty(shortMessage) ? (payload ?? shortMessage) : shortMessage;
  const message = content?.message ?? '';
  const udh = content?.udh ?? [];
  if (content === shortMessage && shortMessage) {
    const udhOctets = udh.length === 0 ? 0 : 1 + udh.reduce((sum, ie) => sum + ie.length, 0);
    if (udhOctets + encodedOctets(message, dataCoding) > MAX_SHORT_MESSAGE_OCTETS) {
      throw new SubmitRejectedError(SmppStatus.ESME_RINVMSGLEN, 'short_message longer than 254 octets');
    }
  }
  const udhi = (int(pdu, 'esm_class') & UDH_INDICATOR) !== 0;
  return {
    source: text(pdu, 'source_addr'),
    sourceTon: int(pdu, 'source_addr_ton'),
    sourceNpi: int(pdu, 'source_addr_npi'),
    destination: text(pdu, 'destination_addr'),
    destinationTon: int(pdu, 'dest_addr_ton'),
    destinationNpi: int(pdu, 'dest_addr_npi'),
    dataCoding,
    registeredDelivery: int(pdu, 'registered_delivery'),
    text: typeof message === 'string' ? message : message.toString('hex'),
    binary: typeof message !== 'string',
    concat: plausible((udhi ? concatFromUdh(udh) : undefined) ?? concatFromSar(pdu)),
  };
}
