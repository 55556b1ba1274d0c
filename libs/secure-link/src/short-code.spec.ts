import { CODE_ALPHABET, generateCode, linkSecretFromCode, normaliseCode } from './short-code';

describe('short code', () => {
  it('generates 8 characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(CODE_ALPHABET).not.toMatch(/[01OILUV]/);
  });

  it('redraws bytes that would bias the distribution instead of reducing them modulo', () => {
    const limit = 256 - (256 % CODE_ALPHABET.length);
    // First batch is all "biased" bytes, second batch yields index 1 repeatedly.
    const batches = [new Uint8Array(16).fill(limit), new Uint8Array(16).fill(1)];
    expect(generateCode(() => batches.shift()!)).toBe(CODE_ALPHABET[1].repeat(8));
  });

  it('is roughly uniform', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of generateCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (2000 * 8) / CODE_ALPHABET.length;
    expect(counts.size).toBe(CODE_ALPHABET.length);
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.25);
  });

  it('normalises case, spaces and dashes, and rejects ambiguous characters', () => {
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(() => normaliseCode('ABCD-EFG0')).toThrow(expect.objectContaining({ code: 'BAD_CODE' }));
    expect(() => normaliseCode('ABC')).toThrow(expect.objectContaining({ code: 'BAD_CODE' }));
  });

  it('derives the same secret for equivalent spellings and a different one for another code', async () => {
    const anchor = new Uint8Array(16).fill(5);
    const a = await linkSecretFromCode(anchor, 'ABCD-EFGH');
    expect(await linkSecretFromCode(anchor, 'abcdefgh')).toEqual(a);
    expect(await linkSecretFromCode(anchor, 'ABCDEFGJ')).not.toEqual(a);
    expect(await linkSecretFromCode(new Uint8Array(16).fill(6), 'ABCDEFGH')).not.toEqual(a);
  });
});
