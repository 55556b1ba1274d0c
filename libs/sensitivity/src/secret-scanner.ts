import RE2 from 're2';
import type { SecretDetectorId } from './detector-id';
import { compileGlobal, someMatch } from './re2-matches';
import type { SecretRule } from './secret-rule';

// RE2.Set builds one DFA for all rules; if a hostile input exhausts its memory it throws
// (it has no NFA fallback), and we then run the rules one by one, which fall back by themselves.
const SET_MAX_MEM = 32 * 1024 * 1024;

type RE2Set = InstanceType<(typeof RE2)['Set']>;

// A rule's second look runs at most this many times on one text. Only a text built to exhaust
// the scan has more candidates than that, so it then counts as a match (fail closed).
const MAX_CONFIRMATIONS = 64;

export interface SecretScannerOptions {
  /** 'set' (default): one pass for all rules; 'each': rule by rule, the fallback path. */
  readonly strategy?: 'set' | 'each';
}

/** Finds which secret rules match a text in one linear pass. Reports rule ids only. */
export class SecretScanner {
  private readonly set: RE2Set | undefined;
  private readonly regexes: readonly RE2[];

  constructor(
    private readonly rules: readonly SecretRule[],
    options: SecretScannerOptions = {},
  ) {
    this.regexes = rules.map((rule, i) => compileGlobal(rule.pattern, `secret rule #${i} (${rule.id})`));
    this.set =
      options.strategy === 'each'
        ? undefined
        : new RE2.Set(
            rules.map((rule) => loosenCounts(rule.pattern)),
            'u',
            { maxMem: SET_MAX_MEM },
          );
  }

  scan(text: string): SecretDetectorId[] {
    const found = new Set<SecretDetectorId>();
    for (const i of this.candidates(text)) {
      const rule = this.rules[i];
      if (found.has(rule.id)) continue;
      if (this.confirm(i, rule.accept, text)) found.add(rule.id);
    }
    return [...found];
  }

  private candidates(text: string): readonly number[] {
    if (this.set) {
      try {
        return this.set.match(text);
      } catch {
        // DFA out of memory: fall through to the rule-by-rule pass.
      }
    }
    // Rule by rule: every rule is a candidate and confirm() runs it.
    return this.rules.map((_rule, i) => i);
  }

  /** The exact rule on a candidate the set (or the rule itself, on the fallback path) found. */
  private confirm(i: number, accept: SecretRule['accept'], text: string): boolean {
    const re = this.regexes[i];
    if (!accept) {
      re.lastIndex = 0;
      return re.test(text);
    }
    let looked = 0;
    return someMatch(re, text, (match) => ++looked > MAX_CONFIRMATIONS || accept(match));
  }
}

// `{n}`, `{n,m}`, `{n,}` — RE2 syntax has no other use for a brace after a pattern piece.
const COUNTED = new RE2('\\{([0-9]+)(?:,[0-9]*)?\\}', 'g');

/**
 * The set only preselects rules: counted repetitions become `+` (or `*` from zero), a superset
 * of what the rule matches, and each preselected rule is then run exactly. Counters multiply a
 * DFA's states across 150 rules; without them the one-pass set builds and runs several times
 * faster, and the exact rules still decide.
 */
export function loosenCounts(pattern: string): string {
  return pattern.replace(COUNTED, (_whole: string, min: string) => (min === '0' ? '*' : '+'));
}
