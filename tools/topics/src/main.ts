// One-shot topic and ACL provisioning, like a deployment's migration job: creates every topic
// the contracts declare (event topics, and each consumer group's retry tiers and dead letters),
// leaves existing ones alone, then makes each service principal's ACLs exactly what the topic
// registry declares (libs/contracts bus-access.ts), and exits. docker-compose and the Helm
// chart run it before the services, logged in as the broker's admin.
// Reads KAFKA_BROKERS, KAFKA_SASL_*, KAFKA_TOPIC_PREFIX and BUS_RETRY_DELAYS_MS, like the services.
import { allDeclaredTopics, applyBusAcls, busAcls, createKafka, ensureTopics, kafkaSaslOf, silentBusLogger, TopicNames, waitForGroupCoordinator } from '@switchback/bus';
import { ConfigException, kafkaConfig, loadConfig } from '@switchback/config';
import { z } from 'zod';

const topicsConfig = kafkaConfig.extend({
  // skip: only for a broker without an authorizer (ACL requests fail there with SECURITY_DISABLED).
  KAFKA_ACLS: z.enum(['apply', 'skip']).default('apply'),
});

async function main(): Promise<void> {
  const config = loadConfig(topicsConfig);
  const kafka = createKafka({
    serviceName: 'topics',
    brokers: config.KAFKA_BROKERS,
    sasl: kafkaSaslOf(config),
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
    partitionsConcurrently: 1,
    logger: silentBusLogger,
  });
  // The services must use the same number of retry tiers, or their retry topics are missing.
  const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
  const topics = allDeclaredTopics(names, config.BUS_RETRY_DELAYS_MS.length);
  await ensureTopics(kafka, topics);
  console.log(`topics: ${topics.length} declared topics present on ${config.KAFKA_BROKERS.join(',')}`);
  await waitForGroupCoordinator(kafka, names.consumerGroup('routing'));
  if (config.KAFKA_ACLS === 'skip') return console.log('topics: ACLs skipped (KAFKA_ACLS=skip)');
  const acls = busAcls(names, config.BUS_RETRY_DELAYS_MS.length);
  const { granted, revoked } = await applyBusAcls(kafka, names, acls);
  console.log(`topics: ${acls.length} ACLs in place (${granted} granted, ${revoked} stale revoked)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigException ? error.message : `topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigException ? 78 : 1);
});
