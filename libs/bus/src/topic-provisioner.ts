import { ConsumerGroups, PARKING_PARTITIONS, PARKING_RETENTION_MS, SHORT_PARKING_RETENTION_MS, Topics, type ConsumerGroupName, type TopicKey } from '@switchback/contracts';
import { ConfigResourceTypes, type Admin, type ITopicConfig, type Kafka } from 'kafkajs';
import type { TopicNames } from './topic-names';

/** The topics one consumer group needs: the events it reads plus its retry tiers and dead letters. */
export function topicsForGroup(names: TopicNames, group: string, eventTopics: readonly TopicKey[], retryTiers: number): ITopicConfig[] {
  const parking = (topic: string): ITopicConfig => ({
    topic,
    numPartitions: PARKING_PARTITIONS,
    replicationFactor: -1,
    configEntries: [{ name: 'retention.ms', value: String(SHORT_PARKING_RETENTION_MS[group as ConsumerGroupName] ?? PARKING_RETENTION_MS) }],
  });
  return [
    ...eventTopics.map((key) => eventTopic(names, key)),
    ...Array.from({ length: retryTiers }, (_, index) => parking(names.retry(group, index + 1))),
    parking(names.deadLetter(group)),
  ];
}

function eventTopic(names: TopicNames, key: TopicKey): ITopicConfig {
  return {
    topic: names.event(key),
    numPartitions: Topics[key].partitions,
    // -1: the broker's default replication factor, so one declaration fits 1 node and 3.
    replicationFactor: -1,
    configEntries: [{ name: 'retention.ms', value: String(Topics[key].retentionMs) }],
  };
}

/** Every topic declared in the contracts, for `make up` and the demo. */
export function allDeclaredTopics(names: TopicNames, retryTiers: number): ITopicConfig[] {
  const eventTopics = (Object.keys(Topics) as TopicKey[]).map((key) => eventTopic(names, key));
  const parking = Object.entries(ConsumerGroups).flatMap(([group]) => topicsForGroup(names, group, [], retryTiers));
  return [...eventTopics, ...parking];
}

/**
 * Topics a service needs that its principal cannot see (no ACL) nor create (services may not):
 * either they were never provisioned, or the principal lacks its grants.
 */
export class TopicsNotAuthorizedError extends Error {
  constructor(readonly topics: readonly string[]) {
    super(`not authorized to see or create ${topics.join(', ')}: run tools/topics (topics and ACLs from the registry) as the broker admin, or check this service's principal`);
    this.name = 'TopicsNotAuthorizedError';
  }
}

/** kafkajs reports CreateTopics refusals as an aggregate of per-topic protocol errors. */
function refused(error: unknown): boolean {
  const errors = (error as { errors?: unknown[] }).errors ?? [error];
  return errors.some((item) => /AUTHORIZATION_FAILED/.test(String((item as { type?: unknown }).type)));
}

/** Creates the missing topics; existing ones are left as they are. Safe to run concurrently. */
export async function ensureTopics(kafka: Kafka, topics: readonly ITopicConfig[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.topic));
    if (missing.length === 0) return;
    try {
      // kafkajs' own waitForLeaders can reject unhandled when services race to create the
      // same topics, so wait for leaders with a metadata request below instead.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (error) {
      // Another service may have created some of them in between: only a real gap is an error.
      const now = new Set(await admin.listTopics());
      const gap = missing.filter((topic) => !now.has(topic.topic)).map((topic) => topic.topic);
      if (gap.length > 0) throw refused(error) ? new TopicsNotAuthorizedError(gap) : error;
    }
    await waitForLeaders(admin, missing.map((topic) => topic.topic));
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topics.length} new topics after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Each topic's retention.ms as the broker holds it (what was provisioned, or changed since). */
export async function topicRetentionMs(kafka: Kafka, topics: readonly string[]): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })) });
    return Object.fromEntries(resources.map((resource) => [resource.resourceName, Number(resource.configEntries[0]?.configValue)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the broker's group coordinator answers for `groupId`. On a fresh cluster the first
 * group lookup creates __consumer_offsets and its coordinator is "loading" for a while; services
 * started into that window crash-restart their consumers all at once, and on 2 cores kafkajs has
 * been seen to lose a connection mid-SASL handshake then (a crash it does not restart).
 * Provisioning waits here so the services start against a ready coordinator.
 */
export async function waitForGroupCoordinator(kafka: Kafka, groupId: string, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      try {
        await admin.describeGroups([groupId]);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
