// Sensitivity classifier on the labelled corpus: quality (recall, false positives) and speed,
// against a bare baseline measured in the same run: one RE2 test of one trivial pattern per
// message, i.e. the cost of crossing into RE2 once with nothing to match.
import { classify, evaluateCorpus, loadCorpus } from '@switchback/sensitivity';
import path from 'node:path';
import RE2 from 're2';

export type BenchMetrics = Record<string, { value: number; unit: string }>;

// dist/bench/src → repo root; the corpus is read from the source tree at run time.
const ROOT = path.resolve(__dirname, '../../..');
export const CORPUS_DIR = path.join(ROOT, 'libs', 'sensitivity', 'corpus');

const RUN_MS = 2_000;
const WARM_UP_MS = 200;

/** Runs `scan` over all texts repeatedly for about `ms`; returns messages per second. */
function throughput(texts: readonly string[], ms: number, scan: (text: string) => unknown): number {
  let sink = 0;
  let messages = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const text of texts) if (scan(text)) sink++;
    messages += texts.length;
    elapsed = performance.now() - started;
  }
  if (sink < 0) console.log(sink); // keep the results alive
  return messages / (elapsed / 1000);
}

export async function classifierBench(corpusDir = CORPUS_DIR): Promise<BenchMetrics> {
  const entries = loadCorpus(corpusDir);
  const texts = entries.map((e) => e.text);
  const quality = evaluateCorpus(entries, classify);

  const trivial = new RE2('x');
  const bare = (text: string): boolean => trivial.test(text);
  const full = (text: string): boolean => classify({ text, trafficType: 'unspecified' }).sensitive;

  throughput(texts, WARM_UP_MS, bare);
  throughput(texts, WARM_UP_MS, full);
  const bareRate = throughput(texts, RUN_MS, bare);
  const classifierRate = throughput(texts, RUN_MS, full);

  return {
    classifier_recall: { value: round(quality.recall, 4), unit: 'ratio' },
    classifier_false_positive_rate: { value: round(quality.falsePositiveRate, 4), unit: 'ratio' },
    classifier_messages_per_s: { value: round(classifierRate, 0), unit: 'msg/s' },
    bare_re2_scan_messages_per_s: { value: round(bareRate, 0), unit: 'msg/s' },
    classifier_vs_bare_re2: { value: round(classifierRate / bareRate, 4), unit: 'ratio' },
  };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
