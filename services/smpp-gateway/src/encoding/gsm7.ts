/**
 * GSM 03.38 default alphabet (index = septet value) and its extension table (reached with the
 * escape septet 0x1B, so each extension character costs two septets). 0x1B itself is not a
 * character a sender can ask for.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION: Readonly<Record<string, number>> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
const ESCAPE = 0x1b;

const basicIndex = new Map<string, number>([...BASIC].map((char, index) => [char, index] as const).filter(([char]) => char !== '\u001b'));

/** Septets one character costs in GSM 03.38: 1, 2 (escaped) or undefined (not encodable). */
export function gsmSeptets(char: string): 1 | 2 | undefined {
  if (basicIndex.has(char)) return 1;
  return EXTENSION[char] === undefined ? undefined : 2;
}

export function isGsmEncodable(text: string): boolean {
  for (const char of text) if (gsmSeptets(char) === undefined) return false;
  return true;
}

/** Unpacked GSM 03.38 (one septet per octet, as SMPP carries data_coding 0). */
export function encodeGsm(text: string): Buffer {
  const out: number[] = [];
  for (const char of text) {
    const basic = basicIndex.get(char);
    if (basic !== undefined) {
      out.push(basic);
      continue;
    }
    const extension = EXTENSION[char];
    if (extension === undefined) throw new RangeError(`not a GSM 03.38 character: U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
    out.push(ESCAPE, extension);
  }
  return Buffer.from(out);
}

/** UCS-2 big-endian (UTF-16BE: a surrogate pair stays two code units). */
export function encodeUcs2(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}
