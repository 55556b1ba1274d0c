import { decodeEmbeddedTexts } from './encoded-text';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const b64url = (text: string): string => Buffer.from(text).toString('base64url');
const hex = (text: string): string => Buffer.from(text).toString('hex');

describe('decodeEmbeddedTexts', () => {
  const secret = 'password=Hunter2#prod';

  it.each([
    ['standard base64', `blob: ${b64(secret)} end`],
    ['URL-safe base64 without padding', `payload=${b64url(`{"k": "${secret}?>"}`)}`],
    ['lower-case hex', `hex ${hex(secret)}`],
    ['upper-case hex', hex(secret).toUpperCase()],
  ])('decodes %s', (_name, text) => {
    expect(decodeEmbeddedTexts(text).join(' ')).toContain(secret);
  });

  it.each([
    ['a git commit hash', 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8'],
    ['a SHA-256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a random token', 'ref xK9vQ2mL7pR4tW8yB3nC6hJ1'],
    ['a short run', `x ${b64('hi there')}`],
    ['ordinary words', 'supercalifragilisticexpialidocious and antidisestablishmentarianism'],
  ])('drops %s (binary or too short)', (_name, text) => {
    expect(decodeEmbeddedTexts(text)).toEqual([]);
  });

  it('reads each run once: the decoded total never exceeds the input', () => {
    const text = `${b64('hello world, nothing to see here').repeat(2000)}`;
    const decoded = decodeEmbeddedTexts(text);
    expect(decoded.join('').length).toBeLessThan(text.length);
  });
});
