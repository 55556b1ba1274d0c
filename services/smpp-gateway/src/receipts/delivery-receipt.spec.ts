import { PDU, type Pdu } from 'smpp';
import { installLenientReceiptTlvs } from '../smpp/lenient-tlv';
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
  it('prefers the TLV id (a text id naming the same message is not tried twice) and reads network_error_code', () => {
    const receipt = parseDeliveryReceipt(
      pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'UNDELIV') }, receipted_message_id: '1a2b3c', message_state: 5, network_error_code: Buffer.from([3, 0x00, 0x22]), source_addr: '447700900123' }),
    );
    expect(receipt).toEqual({ candidates: [{ source: 'tlv', id: '1a2b3c' }], stat: 'UNDELIV', outcome: 'failed', error: '3:34', recipient: '447700900123' });
  });

  it('keeps the text id as a second candidate when it differs from the TLV id', () => {
    const receipt = parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('1A2B3C', '1715004') }, receipted_message_id: '1A2B3C' }));
    expect(receipt?.candidates).toEqual([
      { source: 'tlv', id: '1A2B3C' },
      { source: 'text', id: '1715004' },
    ]);
  });

  it('reads the TLVs as Net::SMPP writes them: an id past its end into the next tag, the state as an ASCII digit', () => {
    const receipt = parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: '' }, receipted_message_id: "1A2B3C05\u0004'", message_state: 0x35 }));
    expect(receipt).toMatchObject({ candidates: [{ source: 'tlv', id: '1A2B3C05' }], stat: 'UNDELIV', outcome: 'failed' });
  });

  it('takes a receipt that came as data_sm, its text in message_payload', () => {
    const receipt = parseDeliveryReceipt(pdu({ command: 'data_sm', esm_class: 0x04, message_payload: { message: TEXT.replace('1A2B3C', '439041024') } }));
    expect(receipt).toMatchObject({ candidates: [{ source: 'text', id: '439041024' }], stat: 'DELIVRD', outcome: 'delivered' });
  });

  it('decodes a raw deliver_sm with the unterminated id and ASCII state through the npm smpp package', () => {
    installLenientReceiptTlvs();
    const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag >> 8, tag & 0xff, value.length >> 8, value.length & 0xff]), value]);
    // The mandatory part as the package writes it, then the TLVs as Net::SMPP writes them.
    const mandatory = new PDU('deliver_sm', { sequence_number: 7, source_addr: '447700900123', destination_addr: 'SB', esm_class: 0x04, short_message: '' }) as unknown as { toBuffer(): Buffer };
    const wire = Buffer.concat([
      mandatory.toBuffer(),
      tlv(0x001e, Buffer.from('1A2B3C05', 'ascii')),
      tlv(0x0427, Buffer.from('2', 'ascii')),
    ]);
    wire.writeUInt32BE(wire.length, 0);
    const decoded = new PDU(wire);
    expect([decoded['receipted_message_id'], decoded['message_state']]).toEqual(['1A2B3C05', 2]);
    expect(parseDeliveryReceipt(decoded)).toMatchObject({ candidates: [{ source: 'tlv', id: '1A2B3C05' }], stat: 'DELIVRD', outcome: 'delivered', recipient: '447700900123' });
  });

  it('works from the text alone, and maps EXPIRED and non-final states', () => {
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'EXPIRED') } }))?.outcome).toBe('expired');
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT.replace('DELIVRD', 'ENROUTE') } }))?.outcome).toBeUndefined();
    expect(parseDeliveryReceipt(pdu({ esm_class: 0x04, short_message: { message: TEXT } }))).toMatchObject({ candidates: [{ source: 'text', id: '1A2B3C' }], outcome: 'delivered', error: undefined });
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
