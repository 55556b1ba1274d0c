import { TooManyPartsException } from '../smpp/smpp.exception';
import { encodeGsm, encodeUcs2, gsmSeptets, isGsmEncodable } from './gsm7';
import { DATA_CODING_GSM, DATA_CODING_UCS2, segmentText } from './segmenter';

const decodeUcs2 = (parts: readonly Buffer[]) => parts.map((p) => Buffer.from(p).swap16().toString('utf16le')).join('');

describe('GSM 03.38', () => {
  it('costs one septet for the basic set and two for the extension table', () => {
    expect(gsmSeptets('A')).toBe(1);
    expect(gsmSeptets('@')).toBe(1);
    expect(gsmSeptets('€')).toBe(2);
    expect(gsmSeptets('[')).toBe(2);
    expect(gsmSeptets('ą')).toBeUndefined();
    expect(gsmSeptets('\u001b')).toBeUndefined(); // the escape itself is not text
  });

  it('encodes unpacked septets with 0x1B escapes', () => {
    expect([...encodeGsm('@A€')]).toEqual([0x00, 0x41, 0x1b, 0x65]);
    expect([...encodeGsm('{}')]).toEqual([0x1b, 0x28, 0x1b, 0x29]);
    expect(() => encodeGsm('😀')).toThrow(RangeError);
  });

  it('detects text outside the alphabet', () => {
    expect(isGsmEncodable('Hello £5 {ok}')).toBe(true);
    expect(isGsmEncodable('Zażółć')).toBe(false);
  });

  it('encodes UCS-2 big-endian, a surrogate pair as two units', () => {
    expect([...encodeUcs2('A😀')]).toEqual([0x00, 0x41, 0xd8, 0x3d, 0xde, 0x00]);
  });
});

describe('segmentText', () => {
  it('keeps 160 GSM characters in one part and splits 161 into two', () => {
    expect(segmentText('a'.repeat(160), 6)).toMatchObject({ dataCoding: DATA_CODING_GSM, units: 160 });
    expect(segmentText('a'.repeat(160), 6).parts).toHaveLength(1);
    const two = segmentText('a'.repeat(161), 6);
    expect(two.parts.map((p) => p.length)).toEqual([153, 8]);
  });

  it('counts "€" as two septets: 80 of them fill one part, 81 need two', () => {
    expect(segmentText('€'.repeat(80), 6).parts).toHaveLength(1);
    expect(segmentText('€'.repeat(81), 6).parts).toHaveLength(2);
  });

  it('never splits an escape pair across parts', () => {
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`; // € would straddle septets 153/154
    const { parts } = segmentText(text, 6);
    expect(parts.map((p) => p.length)).toEqual([152, 12]);
    expect(parts[0]![151]).toBe(0x61);
    expect([...parts[1]!.subarray(0, 3)]).toEqual([0x1b, 0x65, 0x62]);
  });

  it('switches to UCS-2 for one emoji', () => {
    const result = segmentText('Hi 😀', 6);
    expect(result.dataCoding).toBe(DATA_CODING_UCS2);
    expect(result.units).toBe(5);
  });

  it('keeps 70 UCS-2 units in one part and splits 71 into 67 + 4', () => {
    expect(segmentText('ж'.repeat(70), 6).parts).toHaveLength(1);
    const parts = segmentText('ж'.repeat(71), 6).parts;
    expect(parts.map((p) => p.length / 2)).toEqual([67, 4]);
  });

  it('never splits a surrogate pair across parts', () => {
    const text = `${'ж'.repeat(66)}😀${'ж'.repeat(10)}`; // the pair would take units 67 and 68
    const { parts } = segmentText(text, 6);
    expect(parts.map((p) => p.length / 2)).toEqual([66, 12]);
    expect(decodeUcs2(parts)).toBe(text);
  });

  it('refuses with TOO_MANY_PARTS rather than truncating', () => {
    expect(segmentText('a'.repeat(153 * 6), 6).parts).toHaveLength(6);
    const refuse = () => segmentText('a'.repeat(153 * 6 + 1), 6);
    expect(refuse).toThrow(TooManyPartsException);
    expect(refuse).toThrow(expect.objectContaining({ code: 'TOO_MANY_PARTS', retriable: false }));
  });

  it('sends an empty text as one empty GSM part', () => {
    expect(segmentText('', 6)).toEqual({ dataCoding: DATA_CODING_GSM, parts: [Buffer.alloc(0)], units: 0 });
  });
});
