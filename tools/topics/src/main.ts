// One-shot topic provisioning, like a deployment's migration job: creates every topic the
// contracts declare (event topics, and each consumer group's retry tiers and dead letters),
// leaves existing ones alone, and exits. docker-compose runs it before the services.
// Reads KAFKA_BROKERS, KAFKA_TOPIC_PREFIX and BUS_RETRY_DELAYS_MS, like the services.
import { allDeclaredTopics, createKafka, ensureTopics, silentBusLogger, TopicNames } from '@switchback/bus';
import { ConfigException, kafkaConfig, loadConfig } from '@switchback/config';

async function main(): Promise<void> {
  const config = loadConfig(kafkaConfig);
  const kafka = createKafka({
    serviceName: 'topics',
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
    partitionsConcurrently: 1,
    logger: silentBusLogger,
  });
  // The services must use the same number of retry tiers, or their retry topics are missing.
  const topics = allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length);
  await ensureTopics(kafka, topics);
  console.log(`topics: ${topics.length} declared topics present on ${config.KAFKA_BROKERS.join(',')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigException ? error.message : `topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigException ? 78 : 1);
});
