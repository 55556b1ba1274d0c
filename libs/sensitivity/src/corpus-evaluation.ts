import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Classify } from './classifier';
import { classify as defaultClassify } from './default-classifier';
import type { SensitivityLevel } from './sensitivity-level';

/** One labelled message: what a careful human would want routing to do with it. */
export interface CorpusEntry {
  readonly id: string;
  readonly text: string;
  readonly category: string;
  readonly expect: SensitivityLevel;
}

/**
 * How the classifier did on a labelled corpus. Only ids, never texts: the corpus holds
 * (fake) secrets, and the numbers end up in test output and bench results.
 */
export interface CorpusEvaluation {
  /** Sensitive messages classified as sensitive (any level) / all sensitive messages. */
  readonly recall: number;
  /** Benign messages classified as sensitive / all benign messages. */
  readonly falsePositiveRate: number;
  /** Ids of sensitive messages classified 'none'. */
  readonly misses: readonly string[];
  /** Ids of benign messages classified sensitive. */
  readonly falsePositives: readonly string[];
  /** Ids detected as sensitive but at another level than labelled (e.g. personal for secret). */
  readonly levelMismatches: readonly string[];
  readonly count: { readonly sensitive: number; readonly benign: number };
}

export const CORPUS_FILES = ['sensitive.jsonl', 'benign.jsonl'] as const;

const LEVELS: readonly string[] = ['none', 'personal', 'secret'];

/** Parses JSON Lines; a malformed line is reported by file and line number, never by content. */
export function parseCorpus(jsonl: string, source: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: Partial<CorpusEntry>;
    try {
      value = JSON.parse(line) as Partial<CorpusEntry>;
    } catch {
      throw new SyntaxError(`${source}:${i + 1}: not JSON`);
    }
    const { id, text, category, expect } = value;
    if (typeof id !== 'string' || typeof text !== 'string' || typeof category !== 'string' || !LEVELS.includes(expect as string)) {
      throw new TypeError(`${source}:${i + 1}: needs string id, text, category and expect none|personal|secret`);
    }
    entries.push({ id, text, category, expect: expect as SensitivityLevel });
  });
  return entries;
}

/** Reads every corpus file of `dir` (libs/sensitivity/corpus) and checks that ids are unique. */
export function loadCorpus(dir: string): CorpusEntry[] {
  const entries = CORPUS_FILES.flatMap((file) => parseCorpus(readFileSync(path.join(dir, file), 'utf8'), file));
  const seen = new Set<string>();
  for (const { id } of entries) {
    if (seen.has(id)) throw new Error(`corpus: duplicate id ${id}`);
    seen.add(id);
  }
  return entries;
}

/** Classifies each entry as text only (no labels, traffic type 'unspecified'). */
export function evaluateCorpus(entries: readonly CorpusEntry[], classify: Classify = defaultClassify): CorpusEvaluation {
  const misses: string[] = [];
  const falsePositives: string[] = [];
  const levelMismatches: string[] = [];
  let sensitive = 0;
  let benign = 0;
  for (const entry of entries) {
    const result = classify({ text: entry.text, trafficType: 'unspecified' });
    if (entry.expect === 'none') {
      benign++;
      if (result.sensitive) falsePositives.push(entry.id);
    } else {
      sensitive++;
      if (!result.sensitive) misses.push(entry.id);
      else if (result.level !== entry.expect) levelMismatches.push(entry.id);
    }
  }
  return {
    recall: sensitive === 0 ? 1 : (sensitive - misses.length) / sensitive,
    falsePositiveRate: benign === 0 ? 0 : falsePositives.length / benign,
    misses,
    falsePositives,
    levelMismatches,
    count: { sensitive, benign },
  };
}
