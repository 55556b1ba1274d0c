// sbctl: the operators' command line. Reads KAFKA_BROKERS and KAFKA_TOPIC_PREFIX (dlq) and
// DATABASE_URL and DATABASE_SCHEMA (audit, the audit-sink's schema) like the services.
import { kafkaConfig, loadConfig, postgresConfig } from '@switchback/config';
import { AUDIT_USAGE, auditExport, auditVerify, describeVerdict } from './audit/audit.command';
import { dlqRedrive, dlqStats, UsageError } from './dlq.command';

const USAGE = `usage: sbctl <command>
  dlq stats               dead letters waiting, per consumer group
  dlq redrive <group>     move a group's dead letters back to its first retry tier
${AUDIT_USAGE}`;

/** Exit code 2: the audit chain does not verify (1 is an error, 64 a usage error). */
const EXIT_BROKEN = 2;

async function main(argv: string[]): Promise<number> {
  const [area, command, arg, ...rest] = argv;
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
  const target = { brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX };
  if (area === 'dlq' && command === 'stats') {
    for (const [group, count] of Object.entries(await dlqStats(target))) console.log(`${group.padEnd(22)} ${count}`);
    return 0;
  }
  if (area === 'dlq' && command === 'redrive' && arg) {
    console.log(`redriven ${await dlqRedrive(target, arg)} dead letters of ${arg}`);
    return 0;
  }
  throw new UsageError(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : `sbctl: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
