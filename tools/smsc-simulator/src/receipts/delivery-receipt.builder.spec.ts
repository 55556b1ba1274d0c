import { receiptDate, receiptText } from './delivery-receipt.builder';

describe('delivery receipt text', () => {
  it('formats dates as YYMMDDhhmm in UTC', () => {
    expect(receiptDate(new Date('2025-03-07T09:05:59Z'))).toBe('2503070905');
  });

  it('follows the de-facto SMPP 3.4 appendix B layout with an empty text field', () => {
    expect(receiptText('1A2B3C4D', new Date('2025-03-07T09:05:00Z'), new Date('2025-03-07T09:06:00Z'))).toBe(
      'id:1A2B3C4D sub:001 dlvrd:001 submit date:2503070905 done date:2503070906 stat:DELIVRD err:000 text:',
    );
  });
});
