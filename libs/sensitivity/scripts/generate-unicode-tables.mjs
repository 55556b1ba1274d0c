// Regenerates src/unicode-tables.generated.ts from the Unicode Character Database and the
// UTS #39 confusables data. Usage:
//
//   node libs/sensitivity/scripts/generate-unicode-tables.mjs <dir>
//
// where <dir> holds confusables.txt (UTS #39 security data), DerivedCoreProperties.txt,
// DerivedGeneralCategory.txt and UnicodeData.txt of one Unicode version (the published UCD
// files, unchanged). The output is data only; src/scan-normaliser.ts interprets it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) throw new Error('usage: generate-unicode-tables.mjs <dir with confusables.txt and UCD files>');
const read = (name) => readFileSync(path.join(dir, name), 'utf8');
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/unicode-tables.generated.ts');

/** Parses "XXXX..YYYY ; Value # comment" lines into a code point set for the wanted values. */
function propertySet(text, wanted) {
  const set = new Set();
  for (const raw of text.split('\n')) {
    const line = raw.split('#')[0].trim();
    if (!line) continue;
    const [range, value] = line.split(';').map((s) => s.trim());
    if (!wanted.includes(value)) continue;
    const [a, b] = range.split('..').map((h) => parseInt(h, 16));
    for (let cp = a; cp <= (b ?? a); cp++) set.add(cp);
  }
  return set;
}

function toRanges(set) {
  const sorted = [...set].sort((x, y) => x - y);
  const ranges = [];
  for (const cp of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

const versionOf = (text) => /Version: ([0-9.]+)|-([0-9.]+)\.txt/.exec(text).slice(1).find(Boolean);
const confusablesText = read('confusables.txt');
const coreText = read('DerivedCoreProperties.txt');
const categoryText = read('DerivedGeneralCategory.txt');

// Dropped before scanning: default-ignorable code points and every format (Cf) character.
const ignorable = new Set([...propertySet(coreText, ['Default_Ignorable_Code_Point']), ...propertySet(categoryText, ['Cf'])]);
// Dropped when they sit on an ASCII letter: non-spacing and enclosing marks.
const marks = propertySet(categoryText, ['Mn', 'Me']);

// Decimal digits: each Nd run is ten consecutive code points valued 0..9; keep the zeros.
const digitZeros = [];
for (const line of read('UnicodeData.txt').split('\n')) {
  const f = line.split(';');
  if (f[2] !== 'Nd') continue;
  const cp = parseInt(f[0], 16);
  if (f[6] === '0' && cp !== 0x30) digitZeros.push(cp);
}
const nd = propertySet(categoryText, ['Nd']);
for (const zero of digitZeros) for (let d = 0; d < 10; d++) if (!nd.has(zero + d)) throw new Error(`Nd run at ${zero.toString(16)} is not ten digits`);
if (digitZeros.length * 10 + 10 !== nd.size) throw new Error('some Nd digits are not in a run starting at a zero');

// UTS #39 prototypes: source code point → prototype string.
const prototype = new Map();
for (const raw of confusablesText.split('\n')) {
  const line = raw.split('#')[0].trim();
  if (!line) continue;
  const [source, target] = line.split(';').map((s) => s.trim());
  if (source.includes(' ')) continue;
  prototype.set(parseInt(source, 16), String.fromCodePoint(...target.split(' ').map((h) => parseInt(h, 16))));
}
const stripMarks = (s) => [...s.normalize('NFD')].filter((ch) => !marks.has(ch.codePointAt(0))).join('');
const skeleton = (s) => stripMarks([...s.normalize('NFD')].map((ch) => prototype.get(ch.codePointAt(0)) ?? ch).join(''));
const isPrintableAscii = (s) => s.length > 0 && [...s].every((ch) => ch >= '!' && ch <= '~');
const isLetter = (ch) => /\p{L}/u.test(ch);
const isAsciiLetter = (ch) => /^[A-Za-z]$/.test(ch);

// ASCII characters grouped by skeleton: "l" → l, I, 1, |; "O" → O, 0; "rn" → m.
const asciiBySkeleton = new Map();
for (let cp = 0x21; cp <= 0x7e; cp++) {
  const ch = String.fromCodePoint(cp);
  const key = skeleton(ch);
  asciiBySkeleton.set(key, [...(asciiBySkeleton.get(key) ?? []), ch]);
}

/**
 * The ASCII text a non-ASCII character should be read as, or undefined. A letter only ever
 * becomes ASCII letters (Cyrillic З stays itself rather than turning into the digit 3), in the
 * same case when the skeleton class offers it (Cyrillic І → I, і → i).
 */
function asciiFor(cp) {
  const ch = String.fromCodePoint(cp);
  const target = skeleton(ch);
  if (target === ch || !isPrintableAscii(target)) return undefined;
  const candidates = asciiBySkeleton.get(target) ?? [];
  if (!isLetter(ch)) return candidates.includes(target) || candidates.length === 0 ? target : candidates[0];
  const upper = ch.toLowerCase() !== ch;
  const lower = ch.toUpperCase() !== ch;
  const letters = candidates.filter(isAsciiLetter);
  // A caseless letter (Arabic alef, Hebrew vav) reads as the prototype itself.
  const sameCase = upper || lower ? letters.find((c) => (upper ? c === c.toUpperCase() : c === c.toLowerCase())) : letters.find((c) => c === target);
  if (sameCase) return sameCase;
  if (letters.length > 0) return letters[0];
  return [...target].every(isAsciiLetter) ? target : undefined;
}

const confusables = [];
for (const cp of [...prototype.keys()].sort((x, y) => x - y)) {
  const ch = String.fromCodePoint(cp);
  // Never remap ASCII; skip what NFKD, the ignorable list or digit folding already handles.
  if (cp < 0x80 || ch.normalize('NFKD') !== ch || ignorable.has(cp) || nd.has(cp) || marks.has(cp)) continue;
  const ascii = asciiFor(cp);
  if (ascii !== undefined) confusables.push([cp, ascii]);
}

const hex = (cp) => `0x${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const flat = (ranges) => ranges.map(([a, b]) => `${hex(a)}, ${hex(b)}`);
const wrap = (items, perLine) => {
  const lines = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(`  ${items.slice(i, i + perLine).join(', ')},`);
  return lines.join('\n');
};

const text = `// GENERATED by libs/sensitivity/scripts/generate-unicode-tables.mjs — do not edit by hand.
// Sources: Unicode ${versionOf(coreText)} DerivedCoreProperties.txt, DerivedGeneralCategory.txt,
// UnicodeData.txt and UTS #39 confusables.txt ${versionOf(confusablesText)} (Unicode License v3, see
// libs/sensitivity/THIRD_PARTY_NOTICES.md).

/** Default_Ignorable_Code_Point ∪ General_Category=Cf, as sorted inclusive [start, end] pairs. */
export const IGNORABLE_RANGES: readonly number[] = [
${wrap(flat(toRanges(ignorable)), 6)}
];

/** General_Category Mn ∪ Me, as sorted inclusive [start, end] pairs. */
export const MARK_RANGES: readonly number[] = [
${wrap(flat(toRanges(marks)), 6)}
];

/** The zero of every non-ASCII run of ten decimal digits (General_Category=Nd), sorted. */
export const DIGIT_ZEROS: readonly number[] = [
${wrap(digitZeros.map(hex), 10)}
];

/**
 * UTS #39 look-alikes of ASCII characters, as [code point, ASCII text] pairs sorted by code
 * point: the character's confusables skeleton equals that of the ASCII text.
 */
export const CONFUSABLE_ASCII: ReadonlyArray<readonly [number, string]> = [
${wrap(confusables.map(([cp, a]) => `[${hex(cp)}, ${JSON.stringify(a)}]`), 6)}
];
`;
writeFileSync(out, text);
console.log(`wrote ${out}: ${toRanges(ignorable).length} ignorable ranges, ${toRanges(marks).length} mark ranges, ${digitZeros.length} digit runs, ${confusables.length} confusables`);
