import { MAX_EXPANSION, normaliseForScan } from './scan-normaliser';
import { CONFUSABLE_ASCII, DIGIT_ZEROS, IGNORABLE_RANGES, MARK_RANGES } from './unicode-tables.generated';

const rangeSet = (ranges: readonly number[]): Set<number> => {
  const set = new Set<number>();
  for (let i = 0; i < ranges.length; i += 2) for (let cp = ranges[i]; cp <= ranges[i + 1]; cp++) set.add(cp);
  return set;
};

describe('normaliseForScan', () => {
  it.each([
    ['LRM/RLM', '\u200e', '\u200f'],
    ['bidi embeddings and overrides', '\u202a\u202b', '\u202c\u202d\u202e'],
    ['invisible operators', '\u2061\u2062', '\u2063\u2064'],
    ['bidi isolates', '\u2066\u2067', '\u2068\u2069'],
    ['Mongolian vowel separator', '\u180e', '\u180e'],
    ['combining grapheme joiner', '\u034f', '\u034f'],
    ['variation selectors', '\ufe0f', '\u{e0101}'],
    ['tag characters', '\u{e0020}\u{e0041}', '\u{e007f}'],
    ['zero-width and soft hyphen', '\u200b\u00ad', '\u2060\ufeff'],
  ])('drops %s', (_name, a, b) => {
    expect(normaliseForScan(`AK${a}IA${b}IOSF`)).toBe('AKIAIOSF');
  });

  it.each([
    ['Cyrillic а in a Latin word', 'p\u0430ssword', 'password'],
    ['a word spelled in Cyrillic capitals', '\u0410\u041a\u0406\u0410', 'AKIA'],
    ['Greek capitals', '\u03a1\u0391SS', 'PASS'],
    ['full-width Latin', '\uff50\uff41\uff53\uff53', 'pass'],
    ['Latin script g (U+0261)', '\u0261hp_', 'ghp_'],
    ['combining marks on ASCII letters', 'p\u0336a\u0336s\u0336s', 'pass'],
    ['accented letters', 'contrase\u00f1a v\u00e9rification', 'contrasena verification'],
    ['typographic dashes and quotes', 'don\u2019t \u2010 \u2013', "don't - -"],
  ])('reads %s as ASCII', (_name, input, expected) => {
    expect(normaliseForScan(input)).toBe(expected);
  });

  it.each([
    ['Arabic-Indic', '\u0664\u0661\u0661\u0661 \u0660\u0669'],
    ['Extended Arabic-Indic (Persian)', '\u06f4\u06f1\u06f1\u06f1 \u06f0\u06f9'],
    ['Devanagari', '\u096a\u0967\u0967\u0967 \u0966\u096f'],
    ['full-width', '\uff14\uff11\uff11\uff11 \uff10\uff19'],
    ['Thai', '\u0e54\u0e51\u0e51\u0e51 \u0e50\u0e59'],
    ['mathematical monospace', '\u{1d7fa}\u{1d7f7}\u{1d7f7}\u{1d7f7} \u{1d7f6}\u{1d7ff}'],
  ])('folds %s digits to ASCII', (_name, digits) => {
    expect(normaliseForScan(digits)).toBe('4111 09');
  });

  it('keeps letters that only look like digits as letters (Cyrillic З is not 3)', () => {
    const out = normaliseForScan('\u0417\u0430\u043a\u0430\u0437 \u0431');
    expect(out).not.toMatch(/[0-9]/);
    expect(out.startsWith('\u0417a')).toBe(true);
  });

  it('leaves ordinary Russian, Greek and Arabic text mostly in its own script', () => {
    for (const sentence of ['Привет! Ваш заказ отправлен.', 'Η παραγγελία σας είναι έτοιμη.', 'تم شحن طلبك وسيصل خلال ثلاثة أيام']) {
      const out = normaliseForScan(sentence);
      const nonAscii = [...out].filter((ch) => ch.charCodeAt(0) > 0x7f).length;
      expect(nonAscii).toBeGreaterThan(0);
    }
  });

  it('returns ASCII text as it is', () => {
    const text = 'password=Tr0ub4dor&3 https://example.com/?a=1 m rn 0O 1lI|';
    expect(normaliseForScan(text)).toBe(text);
  });

  describe('stays linear: output bounded by input size on adversarial input', () => {
    const size = 1_000_000;
    it.each([
      ['only ignorables', '\u200e\u{e0020}\ufe0f\u2063'],
      ['marks stacked on one letter', 'a\u0301\u0302\u0303\u0304'],
      ['the most expanding compatibility character', '\ufdfa'],
      ['look-alikes that become two letters', '\u042b\u042e'],
      ['every kind mixed', 'p\u0430\u200es\u0336\u0664\ufdfa\u{e0041}'],
    ])('%s', (_name, unit) => {
      const input = unit.repeat(Math.ceil(size / unit.length));
      const output = normaliseForScan(input);
      expect(output.length).toBeLessThanOrEqual(MAX_EXPANSION * input.length);
      if (_name === 'only ignorables') expect(output).toBe('');
    });
  });
});

describe('generated Unicode tables agree with the runtime ICU', () => {
  // Node's ICU and the tables come from the same Unicode version (17); a new version of either
  // shows up here as a difference to regenerate for.
  const ignorable = rangeSet(IGNORABLE_RANGES);
  const marks = rangeSet(MARK_RANGES);
  const all = Array.from({ length: 0x110000 }, (_, cp) => cp).filter((cp) => cp < 0xd800 || cp > 0xdfff);

  it('ignorables are exactly Default_Ignorable_Code_Point ∪ Cf', () => {
    const expected = all.filter((cp) => /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u.test(String.fromCodePoint(cp)));
    expect([...ignorable].sort((a, b) => a - b)).toEqual(expected);
  });

  it('marks are exactly Mn ∪ Me', () => {
    const expected = all.filter((cp) => /[\p{Mn}\p{Me}]/u.test(String.fromCodePoint(cp)));
    expect([...marks].sort((a, b) => a - b)).toEqual(expected);
  });

  it('every non-ASCII decimal digit folds to its value', () => {
    const digits = all.filter((cp) => cp > 0x7f && /\p{Nd}/u.test(String.fromCodePoint(cp)));
    expect(digits.length).toBe(DIGIT_ZEROS.length * 10);
    for (const zero of DIGIT_ZEROS) {
      const run = Array.from({ length: 10 }, (_, d) => String.fromCodePoint(zero + d)).join('');
      expect(normaliseForScan(run).normalize('NFKD')).toBe('0123456789');
    }
  });

  it('look-alikes map only non-ASCII characters to printable ASCII', () => {
    expect(CONFUSABLE_ASCII.length).toBeGreaterThan(500);
    for (const [cp, ascii] of CONFUSABLE_ASCII) {
      expect(cp).toBeGreaterThan(0x7f);
      expect(ascii).toMatch(/^[!-~]+$/);
    }
  });
});
