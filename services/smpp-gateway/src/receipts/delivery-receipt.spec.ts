import type { Pdu } from 'smpp';
import { parseDeliveryReceipt, parseReceiptText } from './delivery-receipt';
import { alternateIds, canonicalId } from './message-id';

const pdu = (fields: Record<string, unknown>): Pdu => ({ command: 'deliver_sm', command_status: 0, sequence_number: 1, response: () => undefined as never, ...fields }) as Pdu;
const TEXT = 'id:1A2B3C sub:001 dlvrd:001 submit date:2611221300 done date:2611221301 stat:DELIVRD err:000 text:hello';

describe('delivery receipt text', () => {
  it('reads every field of the de-facto layout', () => {
    expect(parseReceiptText(TEXT)).toEqual({ id: '1A2B3C', stat: 'DELIVRD', err: '000', sub: '001', dlvrd: '001', submitDate: '2611221300', doneDate: '2611221301' });
  });

  it('gives nothing for a text that is not a receipt', () => {
    expect(parseReceiptText('hello there')).toBeUndefined();
  });
});

describe('delivery receipt PDU', () => {
  it('prefers the TLVs, keeps the text id as a second candidate and reads network_error_code', () => {
    const receipt = parseDeliveryReceipt(
      pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'UNDELIV') }, receipted_message_id: '1a2b3c', message_state: 5, network_error_code: Buffer.from([3, 0x00, 0x22]), source_addr: '447700900123' }),
    );
    expect(receipt).toEqual({ smscMessageIds: ['1a2b3c', '1A2B3C'], stat: 'UNDELIV', outcome: 'failed', error: '3:34', recipient: '447700900123' });
  });

  it('works from the text alone, and maps EXPIRED and non-final states', () => {
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'EXPIRED') } }))?.outcome).toBe('expired');
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'ENROUTE') } }))?.outcome).toBeUndefined();
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT } }))).toMatchObject({ smscMessageIds: ['1A2B3C'], outcome: 'delivered', error: undefined });
  });

  it('ignores mobile-originated messages', () => {
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x00, short_message: { message: TEXT } }))).toBeUndefined();
  });
});

describe('message ids', () => {
  it('compares across case and leading zeros', () => {
    expect(canonicalId('001A2B3C')).toBe(canonicalId('1a2b3c'));
    expect(canonicalId(' 0 ')).toBe('0');
  });

  it('knows the decimal spelling of a hex id and the hex spelling of a decimal one', () => {
    expect(alternateIds('0A1B')).toEqual(['2587']);
    expect(alternateIds('2587')).toEqual(['9607', 'a1b']);
    expect(alternateIds('not-a-number')).toEqual([]);
  });
});
