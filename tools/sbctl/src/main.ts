// sbctl: the operators' command line. Reads KAFKA_BROKERS and KAFKA_TOPIC_PREFIX (dlq, tail) and
// DATABASE_URL and DATABASE_SCHEMA (audit, the audit-sink's schema) like the services.
import { kafkaSaslOf } from '@switchback/bus';
import { kafkaConfig, loadConfig, postgresConfig } from '@switchback/config';
import { AUDIT_USAGE, auditExport, auditVerify, describeVerdict } from './audit/audit.command';
import { dlqRedrive, dlqStats, UsageError } from './dlq.command';
import { capabilityMatrix, formatMatrix } from './platform/capability-matrix';
import { sendTestMessage, showCapability, showMessage } from './platform/platform-api';
import { runTailDecisions, TAIL_USAGE } from './tail/tail.command';
import { z } from 'zod';

const USAGE = `usage: sbctl <command>
  send <e164> <text>      a test message through routing's ingress (SBCTL_API_KEY, ROUTING_URL)
  message <id>            a message's decision and delivery legs (SBCTL_API_KEY, ROUTING_URL)
  capability <e164>       what capability-discovery answers for a number (SBCTL_CAPABILITY_KEY, CAPABILITY_URL)
  matrix [days]           share of recipients with RCS and with E2EE by region and carrier,
                          from capability history (DATABASE_URL, DATABASE_SCHEMA of capability-discovery; default 31 days)
  dlq stats               dead letters waiting, per consumer group
  dlq redrive <group>     move a group's dead letters back to its first retry tier
${TAIL_USAGE}
${AUDIT_USAGE}`;

const platformConfig = z.object({
  ROUTING_URL: z.url().default('http://127.0.0.1:3102'),
  CAPABILITY_URL: z.url().default('http://127.0.0.1:3101'),
  SBCTL_API_KEY: z.string().min(1).optional(),
  SBCTL_CAPABILITY_KEY: z.string().min(1).optional(),
});

/** Exit code 2: the audit chain does not verify (1 is an error, 64 a usage error). */
const EXIT_BROKEN = 2;

async function main(argv: string[]): Promise<number> {
  const [area, command, arg, ...rest] = argv;
  if (area === 'send' || area === 'message' || area === 'capability') {
    const config = loadConfig(platformConfig);
    const target = { routingUrl: config.ROUTING_URL, capabilityUrl: config.CAPABILITY_URL, apiKey: config.SBCTL_API_KEY, capabilityKey: config.SBCTL_CAPABILITY_KEY };
    if (area === 'send' && command && arg) return print(await sendTestMessage(target, command, [arg, ...rest].join(' ')));
    if (area === 'message' && command) return print(await showMessage(target, command));
    if (area === 'capability' && command) return print(await showCapability(target, command));
    throw new UsageError(USAGE);
  }
  if (area === 'matrix') {
    const config = loadConfig(postgresConfig);
    const days = command === undefined ? 31 : Number(command);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError(USAGE);
    formatMatrix(await capabilityMatrix({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }, days)).forEach((line) => console.log(line));
    return 0;
  }
  if (area === 'audit' && (command === 'verify' || command === 'export')) {
    const config = loadConfig(postgresConfig);
    const target = { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA };
    const args = [arg, ...rest].filter((a): a is string => a !== undefined);
    if (command === 'export') {
      await auditExport(target, args, (line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    const result = await auditVerify(target, args);
    console.log(describeVerdict(result));
    return result.verdict.ok ? 0 : EXIT_BROKEN;
  }
  const config = loadConfig(kafkaConfig);
  const target = { brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX, sasl: kafkaSaslOf(config) };
  if (area === 'dlq' && command === 'stats') {
    for (const [group, count] of Object.entries(await dlqStats(target))) console.log(`${group.padEnd(22)} ${count}`);
    return 0;
  }
  if (area === 'tail' && command === 'decisions') return runTailDecisions(target, argv.slice(2));
  if (area === 'dlq' && command === 'redrive' && arg) {
    console.log(`redriven ${await dlqRedrive(target, arg)} dead letters of ${arg}`);
    return 0;
  }
  throw new UsageError(USAGE);
}

function print(value: unknown): number {
  console.log(JSON.stringify(value, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : `sbctl: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
