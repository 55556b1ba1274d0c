// Text helpers of the PromQL scanner (tools/deploy-check): enough for the expressions we write.

/** Blanks the inside of quoted strings (label values, regexes) keeping offsets. */
export function blankStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, (quoted) => quoted[0] + ' '.repeat(quoted.length - 2) + quoted[0]);
}

/** Offset of the parenthesis closing the one at `open`, or -1. */
export function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Offset of the parenthesis opening the one at `close`, or -1. */
export function opening(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

export function labelsOf(list: string): string[] {
  return list
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
}
