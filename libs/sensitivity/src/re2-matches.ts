import RE2 from 're2';

/** Compiles a pattern for repeated global search; throws a SyntaxError naming the pattern's owner. */
export function compileGlobal(pattern: string, owner: string): RE2 {
  try {
    return new RE2(pattern, 'gu');
  } catch (error: unknown) {
    // Rule patterns are static data, so this is a programming error: fail at load time.
    throw new SyntaxError(`RE2 rejected the pattern of ${owner}: ${(error as Error).message}`);
  }
}

/**
 * Calls `visit` for each match, left to right, until it returns true (found) or the text ends.
 * Each RE2 search is linear in the text it reads and resumes where the last match ended.
 */
export function someMatch(re: RE2, text: string, visit: (match: RegExpExecArray) => boolean): boolean {
  re.lastIndex = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    if (visit(match)) return true;
    // Always move forward, so an empty match cannot loop forever.
    if (match[0] === '') re.lastIndex = match.index + 1;
    if (re.lastIndex > text.length) break;
  }
  return false;
}
