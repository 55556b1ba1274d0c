import { parseRecipient } from './e164';

describe('parseRecipient', () => {
  it('normalises formatted numbers to E.164 and finds their region', () => {
    expect(parseRecipient('+1 (415) 555-0123')).toEqual({ e164: '+14155550123', region: 'US' });
    expect(parseRecipient('+33 6 12 34 56 78')).toEqual({ e164: '+33612345678', region: 'FR' });
  });

  it('accepts drama ranges by default, with the main region of the calling code', () => {
    expect(parseRecipient('+447700900123')).toEqual({ e164: '+447700900123', region: 'GB' });
  });

  it('rejects unallocated ranges when validation is strict', () => {
    expect(parseRecipient('+447700900123', 'valid')).toBeUndefined();
    expect(parseRecipient('+33612345678', 'valid')).toEqual({ e164: '+33612345678', region: 'FR' });
  });

  it.each(['447700900123', '+4477', '+3361234567890123', '+999123456789', 'hello', '', '+44 7700 900123 ext. 9999999999999999999999'])('rejects %p', (value) => {
    expect(parseRecipient(value)).toBeUndefined();
  });
});
