import { create } from '@bufbuild/protobuf';
import { Channel, DispatchCommandSchema, SendRequestedSchema, type BusPrincipal, type ConsumerGroupName } from '@switchback/contracts';
import { testEnv, uniqueName } from '@switchback/testing';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Kafka } from 'kafkajs';
import { applyBusAcls, busAcls } from '../src/bus-acls';
import { silentBusLogger } from '../src/bus-options';
import { EventConsumer } from '../src/event-consumer';
import { registerHandler } from '../src/event-handler';
import { EventPublisher } from '../src/event-publisher';
import { createKafka } from '../src/kafka-factory';
import { localBrokerSasl } from '../src/kafka-sasl';
import { allDeclaredTopics, ensureTopics } from '../src/topic-provisioner';
import { TopicNames } from '../src/topic-names';

const RETRY_TIERS = 2;
/** What a refused client is told: the broker's authorization error, or our reading of kafkajs' version of it. */
const DENIED = /not authorized|may lack READ on the group/i;
/** An authorization error comes back at once: far below this bound, which only catches a hang. */
const NO_HANG_MS = 15_000;

function kafkaAs(principal: BusPrincipal | undefined, prefix: string): Kafka {
  const sasl = principal ? localBrokerSasl(testEnv.kafkaCredentialsDir, principal) : testEnv.kafkaSasl;
  if (!sasl) throw new Error(`no credentials for ${principal ?? 'the admin'}: start the broker with deploy/local/kafka.sh up`);
  return createKafka({ serviceName: `acl-test-${principal ?? 'admin'}`, brokers: testEnv.kafkaBrokers, sasl, topicPrefix: prefix, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger });
}

function withinBound<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${NO_HANG_MS} ms`)), NO_HANG_MS)));
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

describe('broker ACLs from the topic registry (real Kafka, SASL/SCRAM-SHA-512, StandardAuthorizer)', () => {
  const prefix = `${uniqueName('acl')}.`;
  const names = new TopicNames(prefix);
  const admin = kafkaAs(undefined, prefix);
  const publishers: EventPublisher[] = [];
  const consumers: EventConsumer[] = [];

  const publisherAs = async (principal: BusPrincipal): Promise<EventPublisher> => {
    const publisher = new EventPublisher(kafkaAs(principal, prefix), names);
    publishers.push(publisher);
    await publisher.connect();
    return publisher;
  };
  const sendRequest = (messageId: string) => create(SendRequestedSchema, { messageId, tenantId: 'acme' });

  /**
   * Runs the service's own consumer (EventConsumer, as the service would) as `principal` in
   * `group` and resolves with the message id of the first event, or rejects with why it cannot.
   */
  const firstEventAs = async <K extends 'sendRequested' | 'dispatchRcs'>(principal: BusPrincipal, group: ConsumerGroupName, topic: K): Promise<string> => {
    const kafka = kafkaAs(principal, prefix);
    const publisher = new EventPublisher(kafka, names);
    publishers.push(publisher);
    await publisher.connect();
    let first!: (messageId: string) => void;
    const received = new Promise<string>((resolve) => (first = resolve));
    const options = { serviceName: group, brokers: testEnv.kafkaBrokers, topicPrefix: prefix, retryDelaysMs: Array(RETRY_TIERS).fill(200), partitionsConcurrently: 1, logger: silentBusLogger, sessionTimeoutMs: 6_000 };
    const consumer = new EventConsumer(kafka, publisher, names, options, [registerHandler(topic, async (event) => first(event.messageId))], group);
    consumers.push(consumer);
    await withinBound(consumer.start());
    let poll: NodeJS.Timeout | undefined;
    const stopped = new Promise<never>((_, reject) => (poll = setInterval(() => consumer.failure && reject(consumer.failure), 100)));
    return withinBound(Promise.race([received, stopped])).finally(() => clearInterval(poll));
  };

  beforeAll(async () => {
    await ensureTopics(admin, allDeclaredTopics(names, RETRY_TIERS));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await Promise.all(publishers.map((publisher) => publisher.disconnect().catch(() => undefined)));
  });

  it('grants each principal its registry ACLs once, and revokes a grant the registry does not declare', async () => {
    const acls = busAcls(names, RETRY_TIERS);
    expect(await applyBusAcls(admin, names, acls)).toEqual({ granted: acls.length, revoked: 0 });
    expect(await applyBusAcls(admin, names, acls)).toEqual({ granted: 0, revoked: 0 });

    // Someone grants audit-sink the RCS commands by hand: the next provisioning takes it back.
    const client = admin.admin();
    await client.connect();
    try {
      await client.createAcls({
        acl: [{ resourceType: AclResourceTypes.TOPIC, resourceName: names.event('dispatchRcs'), resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:sb-audit-sink', host: '*', operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW }],
      });
    } finally {
      await client.disconnect();
    }
    expect(await applyBusAcls(admin, names, acls)).toEqual({ granted: 0, revoked: 1 });
  }, 60_000);

  it('lets a producer write send requests and routing read them, and refuses anyone else with an authorization error', async () => {
    const producer = await publisherAs('sb-producer');
    await producer.publish('sendRequested', sendRequest('acl-1'), { key: 'acl-1', messageId: 'acl-1' });
    expect(await firstEventAs('sb-routing', 'routing', 'sendRequested')).toBe('acl-1');

    // capability-discovery publishes capability changes only: a forged send request is refused.
    const discovery = await publisherAs('sb-capability-discovery');
    await expect(withinBound(discovery.publish('sendRequested', sendRequest('forged'), { key: 'forged', messageId: 'forged' }))).rejects.toThrow(DENIED);
    // The producer may write send requests, never read them back (other tenants' included).
    await expect(firstEventAs('sb-producer', 'routing', 'sendRequested')).rejects.toThrow(DENIED);
  }, 90_000);

  it('keeps the dispatch commands to the gateway that delivers them', async () => {
    const routing = await publisherAs('sb-routing');
    const command = create(DispatchCommandSchema, { messageId: 'acl-2', tenantId: 'acme', channel: Channel.RCS, leg: 1 });
    await routing.publish('dispatchRcs', command, { key: 'acl-2', messageId: 'acl-2' });
    expect(await firstEventAs('sb-rcs-gateway', 'rcs-gateway', 'dispatchRcs')).toBe('acl-2');

    // Neither the audit log nor the SMS gateway reads RCS commands, even in the RCS gateway's group.
    await expect(firstEventAs('sb-audit-sink', 'audit-sink', 'dispatchRcs')).rejects.toThrow(DENIED);
    await expect(firstEventAs('sb-smpp-gateway', 'rcs-gateway', 'dispatchRcs')).rejects.toThrow(DENIED);
    // A gateway cannot forge a dispatch command either.
    const gateway = await publisherAs('sb-smpp-gateway');
    await expect(withinBound(gateway.publish('dispatchSms', command, { key: 'acl-3', messageId: 'acl-3' }))).rejects.toThrow(DENIED);
  }, 90_000);
});
