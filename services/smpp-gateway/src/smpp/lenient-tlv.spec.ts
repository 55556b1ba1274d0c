import { cOctetString, messageState } from './lenient-tlv';

describe('lenient receipt TLVs', () => {
  it.each([
    ['with its NUL', Buffer.from('1A2B3C05\0', 'latin1'), '1A2B3C05'],
    ['without a NUL', Buffer.from('1A2B3C05', 'latin1'), '1A2B3C05'],
    ['read on into the next tag', "1A2B3C05\u0004'", '1A2B3C05'],
    ['with trailing control bytes', Buffer.from('abc123\r\n\u0001', 'latin1'), 'abc123'],
    ['with bytes after its NUL', Buffer.from('77\0garbage', 'latin1'), '77'],
  ])('reads a C-octet string %s', (_case, value, expected) => {
    expect(cOctetString(value)).toBe(expected);
  });

  it('gives nothing for an empty or unreadable id', () => {
    expect([cOctetString(''), cOctetString(Buffer.from([0])), cOctetString(Buffer.from([0x04, 0x27])), cOctetString(undefined), cOctetString(42)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it.each([
    ['an integer', 2, 2],
    ['an integer octet', Buffer.from([5]), 5],
    ['an ASCII digit read as int8', 0x32, 2],
    ['an ASCII digit octet', Buffer.from('8', 'ascii'), 8],
    ['ASCII digits with a NUL', Buffer.from('3\0', 'latin1'), 3],
    ['zero-padded ASCII digits', '05', 5],
    ['SCHEDULED (0, SMPP 5.0)', 0, 0],
  ])('reads message_state as %s', (_case, value, expected) => {
    expect(messageState(value)).toBe(expected);
  });

  it('gives nothing for a state that is neither', () => {
    expect([messageState(0x41), messageState(10), messageState(Buffer.alloc(0)), messageState('x'), messageState(undefined)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
