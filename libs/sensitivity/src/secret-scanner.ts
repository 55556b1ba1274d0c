import RE2 from 're2';
import type { SecretDetectorId } from './detector-id';
import { compileGlobal, someMatch } from './re2-matches';
import type { SecretRule } from './secret-rule';

// RE2.Set builds one DFA for all rules; if a hostile input exhausts its memory it throws
// (it has no NFA fallback), and we then run the rules one by one, which fall back by themselves.
const SET_MAX_MEM = 32 * 1024 * 1024;

type RE2Set = InstanceType<(typeof RE2)['Set']>;

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
            rules.map((rule) => rule.pattern),
            'u',
            { maxMem: SET_MAX_MEM },
          );
  }

  scan(text: string): SecretDetectorId[] {
    const found = new Set<SecretDetectorId>();
    for (const i of this.candidates(text)) {
      const rule = this.rules[i];
      if (found.has(rule.id)) continue;
      if (!rule.accept || this.confirm(i, rule.accept, text)) found.add(rule.id);
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
    return this.regexes.flatMap((re, i) => {
      re.lastIndex = 0;
      return re.test(text) ? [i] : [];
    });
  }

  private confirm(i: number, accept: NonNullable<SecretRule['accept']>, text: string): boolean {
    return someMatch(this.regexes[i], text, (match) => accept(match));
  }
}
