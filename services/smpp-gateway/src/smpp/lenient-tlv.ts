import { addTLV } from 'smpp';

/**
 * Receipt TLVs as real SMSCs write them, not only as SMPP 3.4 says. Debian's Net::SMPP, for
 * one, writes every named TLV as raw text: receipted_message_id without its terminating NUL
 * and message_state as an ASCII digit ("2", octet 0x32). The npm `smpp` package reads a
 * C-octet string up to the next NUL, past the TLV's own length, into the next TLV's tag
 * ("1A2B3C05\u0004'"), and an int8 as 50.
 */

const NUL = 0x00;
const ZERO = 0x30;
const NINE = 0x39;

/** A C-octet string with or without its NUL: up to the first NUL, control byte or space. */
export function cOctetString(value: unknown): string | undefined {
  const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value, 'latin1') : undefined;
  if (!bytes) return undefined;
  const end = bytes.findIndex((octet) => octet <= 0x20 || octet >= 0x7f);
  const length = end === -1 ? bytes.length : end;
  return length > 0 ? bytes.toString('latin1', 0, length) : undefined;
}

/** message_state as an integer (0-9, SMPP 5.0 table 4-58) or as ASCII digits ("2", "02", "2\0"). */
export function messageState(value: unknown): number | undefined {
  if (typeof value === 'number') return fromOctet(value);
  const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value, 'latin1') : undefined;
  if (!bytes || bytes.length === 0) return undefined;
  if (bytes.length === 1) return fromOctet(bytes.readUInt8(0));
  const digits = /^\s*(\d{1,3})/.exec(bytes.toString('latin1').split('\0')[0] ?? '');
  return digits ? fromOctet(Number(digits[1])) : undefined;
}

function fromOctet(octet: number): number | undefined {
  if (octet >= 0 && octet <= 9) return octet;
  if (octet >= ZERO && octet <= NINE) return octet - ZERO;
  return undefined;
}

/** The package's C-octet-string writer, for the (rare) PDU we build with these TLVs. */
const cstringWrite = (value: unknown, buffer: Buffer, offset: number) => {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'ascii');
  bytes.copy(buffer, offset);
  buffer[offset + bytes.length] = NUL;
};

let installed = false;

/**
 * Makes the npm `smpp` package read receipted_message_id and message_state within their TLV
 * length and leniently (through its own addTLV extension point); writing is unchanged.
 * Idempotent; applies to every session of the process.
 */
export function installLenientReceiptTlvs(): void {
  if (installed) return;
  installed = true;
  addTLV('receipted_message_id', {
    id: 0x001e,
    type: {
      read: (buffer: Buffer, offset: number, length: number) => cOctetString(buffer.subarray(offset, offset + length)) ?? '',
      write: cstringWrite,
      size: (value: unknown) => (Buffer.isBuffer(value) ? value.length : String(value).length) + 1,
      default: '',
    },
  });
  addTLV('message_state', {
    id: 0x0427,
    type: {
      // An unreadable state stays undefined rather than a number that means something else.
      read: (buffer: Buffer, offset: number, length: number) => messageState(buffer.subarray(offset, offset + length)),
      write: (value: unknown, buffer: Buffer, offset: number) => buffer.writeUInt8(Number(value) || 0, offset),
      size: () => 1,
      default: 0,
    },
  });
}
