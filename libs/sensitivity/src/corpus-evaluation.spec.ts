import path from 'node:path';
import type { Classification } from './classification';
import { evaluateCorpus, loadCorpus, parseCorpus, type CorpusEntry } from './corpus-evaluation';

const CORPUS_DIR = path.resolve(__dirname, '../corpus');

// The brief's targets for the labelled corpus (libs/sensitivity/corpus/*.jsonl).
const MIN_RECALL = 0.98;
const MAX_FALSE_POSITIVE_RATE = 0.01;

describe('labelled corpus', () => {
  const entries = loadCorpus(CORPUS_DIR);
  const result = evaluateCorpus(entries);

  it('holds enough of each kind to mean something', () => {
    expect(result.count.sensitive).toBeGreaterThanOrEqual(150);
    expect(result.count.benign).toBeGreaterThanOrEqual(300);
    expect(entries.filter((e) => e.expect === 'secret').length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.expect === 'personal').length).toBeGreaterThan(0);
  });

  it(`detects at least ${MIN_RECALL * 100} % of sensitive messages`, () => {
    // On failure the message names the misses by id; the texts stay out of the test output.
    if (result.recall < MIN_RECALL) throw new Error(`recall ${result.recall.toFixed(4)}; missed: ${result.misses.join(', ')}`);
    expect(result.recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it(`flags at most ${MAX_FALSE_POSITIVE_RATE * 100} % of benign messages`, () => {
    if (result.falsePositiveRate > MAX_FALSE_POSITIVE_RATE) {
      throw new Error(`false-positive rate ${result.falsePositiveRate.toFixed(4)}; flagged: ${result.falsePositives.join(', ')}`);
    }
    expect(result.falsePositiveRate).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
  });

  it('lists every miss and false positive by id and by nothing else', () => {
    const ids = new Set(entries.map((e) => e.id));
    const texts = new Set(entries.map((e) => e.text));
    for (const id of [...result.misses, ...result.falsePositives, ...result.levelMismatches]) {
      expect(ids.has(id)).toBe(true);
      expect(texts.has(id)).toBe(false);
    }
    expect(result.misses.length).toBe(Math.round((1 - result.recall) * result.count.sensitive));
    expect(result.falsePositives.length).toBe(Math.round(result.falsePositiveRate * result.count.benign));
    expect(JSON.stringify(result)).not.toContain(entries[0].text);
  });
});

describe('evaluateCorpus', () => {
  const entry = (id: string, expect: CorpusEntry['expect']): CorpusEntry => ({ id, text: `text of ${id}`, category: 'c', expect });
  const verdict = (level: Classification['level']): Classification => ({
    level,
    sensitive: level !== 'none',
    detectors: [],
    truncated: false,
    elapsedBudgetExceeded: false,
  });
  // A stub classifier: the level is written in the text.
  const byText: Record<string, Classification['level']> = {
    'text of s1': 'secret',
    'text of s2': 'none',
    'text of p1': 'secret',
    'text of b1': 'none',
    'text of b2': 'personal',
    'text of b3': 'none',
    'text of b4': 'none',
  };
  const classify = ({ text }: { text: string }): Classification => verdict(byText[text]);

  it('computes recall and false-positive rate and reports ids', () => {
    const corpus = [entry('s1', 'secret'), entry('s2', 'secret'), entry('p1', 'personal'), entry('b1', 'none'), entry('b2', 'none'), entry('b3', 'none'), entry('b4', 'none')];
    expect(evaluateCorpus(corpus, classify)).toEqual({
      recall: 2 / 3,
      falsePositiveRate: 1 / 4,
      misses: ['s2'],
      falsePositives: ['b2'],
      levelMismatches: ['p1'],
      count: { sensitive: 3, benign: 4 },
    });
  });
});

describe('parseCorpus', () => {
  it('reads JSON lines and skips blank ones', () => {
    const jsonl = `${JSON.stringify({ id: 'a', text: 't', category: 'c', expect: 'none' })}\n\n`;
    expect(parseCorpus(jsonl, 'x.jsonl')).toEqual([{ id: 'a', text: 't', category: 'c', expect: 'none' }]);
  });

  it('names the file and line of a bad entry without echoing it', () => {
    const secretish = 'password=Tr0ub4dor&3';
    expect(() => parseCorpus(`{"id":"a","text":"${secretish}","category":"c","expect":"maybe"}`, 'x.jsonl')).toThrow(/^x\.jsonl:1: /);
    expect(() => parseCorpus(`not json ${secretish}`, 'x.jsonl')).toThrow('x.jsonl:1: not JSON');
    try {
      parseCorpus(`not json ${secretish}`, 'x.jsonl');
    } catch (error) {
      expect((error as Error).message).not.toContain(secretish);
    }
  });
});
