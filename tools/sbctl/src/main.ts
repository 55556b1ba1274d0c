// sbctl: the operators' command line. Reads KAFKA_BROKERS and KAFKA_TOPIC_PREFIX like the services.
import { kafkaConfig, loadConfig } from '@switchback/config';
import { dlqRedrive, dlqStats, UsageError } from './dlq.command';

const USAGE = `usage: sbctl <command>
  dlq stats               dead letters waiting, per consumer group
  dlq redrive <group>     move a group's dead letters back to its first retry tier`;

async function main(argv: string[]): Promise<void> {
  const config = loadConfig(kafkaConfig);
  const target = { brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX };
  const [area, command, arg] = argv;
  if (area === 'dlq' && command === 'stats') {
    for (const [group, count] of Object.entries(await dlqStats(target))) console.log(`${group.padEnd(22)} ${count}`);
    return;
  }
  if (area === 'dlq' && command === 'redrive' && arg) {
    console.log(`redriven ${await dlqRedrive(target, arg)} dead letters of ${arg}`);
    return;
  }
  throw new UsageError(USAGE);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : `sbctl: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
