/** The part of a kafkajs client the fuzzers read dead letters with (this lib stays below the bus). */
export interface FuzzKafka {
  consumer(config: { groupId: string }): {
    connect(): Promise<void>;
    subscribe(subscription: { topics: string[]; fromBeginning: boolean }): Promise<void>;
    run(config: { eachMessage: (payload: { topic: string; message: { headers?: Record<string, unknown> } }) => Promise<void> }): Promise<void>;
    disconnect(): Promise<void>;
  };
}

/** One dead letter as an operator sees it: its headers as text. */
export type DeadLetterRecord = Readonly<Record<string, string>>;

/** Collects every message of some dead-letter topics, from their beginning, until stopped. */
export async function watchDeadLetters(kafka: FuzzKafka, groupId: string, topics: string[]): Promise<{ readonly records: DeadLetterRecord[]; stop(): Promise<void> }> {
  const records: DeadLetterRecord[] = [];
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        const first = Array.isArray(value) ? value[0] : value;
        if (first !== undefined) headers[name] = String(first);
      }
      records.push(headers);
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

/**
 * Messages a service's bus finished with (handled or dead-lettered, not parked for a retry), by
 * group and topic key, read from its Prometheus text.
 */
export function finishedMessages(metricsText: string, group: string, topic: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('switchback_bus_messages_consumed_total{')) continue;
    if (!line.includes(`group="${group}"`) || !line.includes(`topic="${topic}"`)) continue;
    if (!line.includes('outcome="handled"') && !line.includes('outcome="dead_letter"')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
