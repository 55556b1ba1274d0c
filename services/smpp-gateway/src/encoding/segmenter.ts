import { TooManyPartsException } from '../smpp/smpp.exception';
import { encodeGsm, encodeUcs2, gsmSeptets, isGsmEncodable } from './gsm7';

export const DATA_CODING_GSM = 0x00;
export const DATA_CODING_UCS2 = 0x08;

/** Per-part capacity: whole message vs one part of a concatenated message (6-octet UDH). */
const LIMITS = {
  [DATA_CODING_GSM]: { single: 160, part: 153 },
  [DATA_CODING_UCS2]: { single: 70, part: 67 },
} as const;

export interface SegmentedText {
  readonly dataCoding: typeof DATA_CODING_GSM | typeof DATA_CODING_UCS2;
  /** Encoded payload of each part (without UDH), in order. */
  readonly parts: readonly Buffer[];
  /** Septets (GSM) or UTF-16 code units (UCS-2) of the whole text. */
  readonly units: number;
}

/** Cost of one character in the chosen alphabet: septets (escapes are 2) or UTF-16 units. */
const unitCost = (char: string, gsm: boolean): number => (gsm ? (gsmSeptets(char) ?? 1) : char.length);

/**
 * GSM 03.38 when every character fits, UCS-2 otherwise; split into parts without cutting an
 * escape pair or a surrogate pair; more than `maxParts` parts is refused, never truncated.
 */
export function segmentText(text: string, maxParts: number): SegmentedText {
  const gsm = isGsmEncodable(text);
  const dataCoding = gsm ? DATA_CODING_GSM : DATA_CODING_UCS2;
  const limits = LIMITS[dataCoding];
  const chars = [...text]; // code points: a surrogate pair is one element
  const units = chars.reduce((sum, char) => sum + unitCost(char, gsm), 0);
  const encode = gsm ? encodeGsm : encodeUcs2;
  if (units <= limits.single) return { dataCoding, parts: [encode(text)], units };

  const pieces: string[] = [];
  let current = '';
  let used = 0;
  for (const char of chars) {
    const cost = unitCost(char, gsm);
    if (used + cost > limits.part) {
      pieces.push(current);
      if (pieces.length >= maxParts) throw new TooManyPartsException(maxParts, gsm ? 'GSM' : 'UCS2', units);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  pieces.push(current);
  if (pieces.length > maxParts) throw new TooManyPartsException(maxParts, gsm ? 'GSM' : 'UCS2', units);
  return { dataCoding, parts: pieces.map(encode), units };
}
