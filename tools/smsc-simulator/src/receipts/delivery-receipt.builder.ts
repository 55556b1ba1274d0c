import type { ReceiptStat } from '../smsc-options';
import type { DecodedSubmit } from '../submit/submit-sm.decoder';

const ESM_CLASS_MC_DELIVERY_RECEIPT = 0x04;
/** message_state TLV values (SMPP 3.4 table 5-6) of each stat. */
const MESSAGE_STATE: Readonly<Record<ReceiptStat, number>> = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, REJECTD: 8 };

/** YYMMDDhhmm in UTC, the receipt's date format. */
export function receiptDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}

/**
 * The de-facto receipt text (SMPP 3.4 appendix B). `text:` stays empty: classic SMSCs echo the
 * first 20 characters, which would copy message content into receipt logs.
 */
export function receiptText(id: string, submittedAt: Date, doneAt: Date, stat: ReceiptStat = 'DELIVRD'): string {
  const delivered = stat === 'DELIVRD' ? '001' : '000';
  const err = stat === 'DELIVRD' ? '000' : '001';
  return `id:${id} sub:001 dlvrd:${delivered} submit date:${receiptDate(submittedAt)} done date:${receiptDate(doneAt)} stat:${stat} err:${err} text:`;
}

/** deliver_sm fields of a receipt (DELIVRD unless told), addressed back to the sender. */
export function deliveryReceiptFields(part: DecodedSubmit, receiptId: string, submittedAt: Date, doneAt: Date, stat: ReceiptStat = 'DELIVRD'): Record<string, unknown> {
  return {
    source_addr_ton: part.destinationTon,
    source_addr_npi: part.destinationNpi,
    source_addr: part.destination,
    dest_addr_ton: part.sourceTon,
    dest_addr_npi: part.sourceNpi,
    destination_addr: part.source,
    esm_class: ESM_CLASS_MC_DELIVERY_RECEIPT,
    // An explicit 0 and a Buffer: left to itself the package would pick data_coding 1 (IA5).
    data_coding: 0,
    short_message: Buffer.from(receiptText(receiptId, submittedAt, doneAt, stat), 'ascii'),
    receipted_message_id: receiptId,
    message_state: MESSAGE_STATE[stat],
  };
}
