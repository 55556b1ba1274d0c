import { createKafka, EventPublisher, type KafkaSasl, pendingDeadLetters, redriveDeadLetters, silentBusLogger, TopicNames } from '@switchback/bus';
import { ConsumerGroups } from '@switchback/contracts';

export interface BusTarget {
  readonly brokers: readonly string[];
  readonly topicPrefix: string;
  /** The operator's broker login (KAFKA_SASL_*): dead letters are the admin's to read and redrive. */
  readonly sasl?: KafkaSasl | undefined;
}

const GROUPS = Object.keys(ConsumerGroups);

function connect(target: BusTarget) {
  const kafka = createKafka({ serviceName: 'sbctl', brokers: target.brokers, sasl: target.sasl, topicPrefix: target.topicPrefix, retryDelaysMs: [0], partitionsConcurrently: 1, logger: silentBusLogger });
  return { kafka, names: new TopicNames(target.topicPrefix) };
}

/** Dead letters waiting per consumer group. */
export async function dlqStats(target: BusTarget): Promise<Record<string, number>> {
  const { kafka, names } = connect(target);
  const stats: Record<string, number> = {};
  for (const group of GROUPS) stats[group] = await pendingDeadLetters(kafka, names, group).catch(() => 0);
  return stats;
}

/** Moves a group's dead letters back onto its first retry tier. */
export async function dlqRedrive(target: BusTarget, group: string): Promise<number> {
  if (!GROUPS.includes(group)) throw new UsageError(`unknown consumer group "${group}"; one of: ${GROUPS.join(', ')}`);
  const { kafka, names } = connect(target);
  const publisher = new EventPublisher(kafka, names);
  await publisher.connect();
  try {
    return (await redriveDeadLetters(kafka, publisher, names, group)).redriven;
  } finally {
    await publisher.disconnect();
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
