import { canonicalMessageId, parseDeliveryReceipt } from './delivery-receipt';

describe('delivery receipts', () => {
  it('parses id and status from the receipt text', () => {
    const text = 'id:1A2B3C sub:001 dlvrd:001 submit date:2611221300 done date:2611221301 stat:DELIVRD err:000 text:';
    expect(parseDeliveryReceipt(text)).toEqual({ smscMessageId: '1A2B3C', stat: 'DELIVRD' });
  });

  it('gives nothing for a text that is not a receipt', () => {
    expect(parseDeliveryReceipt('hello there')).toBeUndefined();
  });

  it('matches ids across case, leading zeros and decimal receipts', () => {
    expect(canonicalMessageId('001A2B3C')).toBe(canonicalMessageId('1a2b3c'));
    expect(canonicalMessageId(String(0x1a2b3c), 'decimal')).toBe(canonicalMessageId('1A2B3C'));
  });
});
