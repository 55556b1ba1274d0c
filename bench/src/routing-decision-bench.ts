// Routing decisions per second on one core, classification included: for each corpus text,
// the keyed-hash cohort, the classifier and the fail-closed ladder, as RouteSendService runs
// them (without Kafka or Postgres). The baseline, measured in the same run, is the classifier
// alone, so the ratio shows what cohorts and the ladder add on top of reading the text.
import { KeyedHasher } from '@switchback/crypto';
import { classify, loadCorpus } from '@switchback/sensitivity';
import { CohortAssigner } from '../../services/routing/src/cohort/cohort-assigner';
import { decide } from '../../services/routing/src/decision/decide';
import { tenantPolicySchema } from '../../services/routing/src/policy/tenant-policy';
import { CORPUS_DIR, type BenchMetrics } from './classifier-bench';

const RUN_MS = 2_000;
const CAPABILITIES = [
  { rcs: true, rcsE2ee: true, inappE2ee: false, region: 'GB', downgradeSuspected: false, guess: false },
  { rcs: true, rcsE2ee: false, inappE2ee: false, region: 'GB', downgradeSuspected: false, guess: false },
  { rcs: false, rcsE2ee: false, inappE2ee: false, region: 'GB', downgradeSuspected: false, guess: false },
];

function rate(count: number, ms: number, run: (i: number) => unknown): number {
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < count; i++) run(done + i);
    done += count;
  }
  return done / ((performance.now() - started) / 1000);
}

export function routingDecisionBench(corpusDir = CORPUS_DIR): BenchMetrics {
  const texts = loadCorpus(corpusDir).map((entry) => entry.text);
  const cohorts = new CohortAssigner(new KeyedHasher({ key: 'bench-key-0123456789abcdef', keyId: 'k1' }));
  const policy = tenantPolicySchema.parse({ rollout: { mode: 'pilot', pilotPercent: 50 } });
  const recipients = texts.map((_, i) => `+4477009${String(10000 + i).padStart(5, '0')}`);

  const classifyOnly = (i: number) => classify({ text: texts[i % texts.length]!, trafficType: 'transactional' });
  const route = (i: number) => {
    const n = i % texts.length;
    const classification = classify({ text: texts[n]!, trafficType: 'transactional' });
    const cohort = cohorts.assign(recipients[n]!, policy, []);
    return decide({ capability: CAPABILITIES[n % CAPABILITIES.length], classification, trafficType: 'transactional', policy, cohort, nowMs: Date.now() });
  };

  rate(texts.length, 200, route); // warm-up
  const bare = rate(texts.length, RUN_MS, classifyOnly);
  const routed = rate(texts.length, RUN_MS, route);
  return {
    routing_decisions_per_s: { value: Math.round(routed), unit: 'decisions/s' },
    routing_decisions_vs_classifier_only: { value: Number((routed / bare).toFixed(3)), unit: 'ratio' },
  };
}
