// `make bench-fast`: only the in-process benchmarks (classifier on the labelled corpus, routing
// decisions, capability cache hits vs bare Redis, secure-link create/claim vs bare Postgres, SMPP
// and RBM gateways vs bare clients against the simulators), each against its baseline in the same run.
// `make bench` runs these too, before the pipeline.
import { capabilityCacheBench } from './capability-cache-bench';
import { classifierBench } from './classifier-bench';
import { envelopeBench } from './envelope-bench';
import { gatewayBench } from './gateway-bench';
import { linksBench } from './links-bench';
import { routingDecisionBench } from './routing-decision-bench';

async function main(): Promise<void> {
  const metrics = { ...(await classifierBench()), ...routingDecisionBench(), ...(await capabilityCacheBench(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379')), ...(await linksBench()), ...(await gatewayBench()), ...(await envelopeBench()) };
  for (const [name, { value, unit }] of Object.entries(metrics)) console.log(`${name.padEnd(40)} ${String(value).padStart(12)} ${unit}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
