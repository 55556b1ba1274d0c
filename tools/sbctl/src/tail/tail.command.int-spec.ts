import { createKafka, ensureTopics, EventPublisher, silentBusLogger, topicsForGroup, TopicNames } from '@switchback/bus';
import { ActionTaken, Channel, create, FallbackReason, RoutingDecisionSchema, Sensitivity } from '@switchback/contracts';
import { testEnv, uniqueName } from '@switchback/testing';
import { tailDecisions } from './tail.command';

// `sbctl tail decisions` against the real broker, on topics of its own (a unique prefix).
describe('sbctl tail decisions', () => {
  const prefix = `${uniqueName('tail')}.`;
  const target = { brokers: testEnv.kafkaBrokers, sasl: testEnv.kafkaSasl, topicPrefix: prefix };
  const kafka = createKafka({ serviceName: 'tail-test', brokers: testEnv.kafkaBrokers, sasl: testEnv.kafkaSasl, topicPrefix: prefix, retryDelaysMs: [], partitionsConcurrently: 1, logger: silentBusLogger });
  const names = new TopicNames(prefix);
  const publisher = new EventPublisher(kafka, names);
  let seq = 0;

  /** Every decision on one recipient (one partition), so they arrive in the order sent. */
  const publish = async (overrides: Parameters<typeof create<typeof RoutingDecisionSchema>>[1]) => {
    seq += 1;
    const decision = create(RoutingDecisionSchema, { messageId: `m-${seq}`, tenantId: 'acme', recipientHash: 'rh-1', channel: Channel.RCS, fallbackReason: FallbackReason.NONE, actionTaken: ActionTaken.SENT_PLAIN, sensitivity: Sensitivity.NORMAL, cohort: 'default', decidedAtMs: BigInt(Date.UTC(2026, 10, 23, 12, 0, seq)), ...overrides });
    await publisher.publish('routingDecision', decision, { key: 'rh-1', messageId: decision.messageId });
    return decision.messageId;
  };

  /** Starts the command as the CLI does; `ready` resolves once it is positioned at the end. */
  const tail = (args: string[], signal?: AbortSignal) => {
    const lines: string[] = [];
    let ready!: () => void;
    const positioned = new Promise<void>((resolve) => (ready = resolve));
    const done = tailDecisions(target, args, (line) => lines.push(line), { onReady: ready, ...(signal ? { signal } : {}) });
    return { lines, positioned, done };
  };

  beforeAll(async () => {
    await ensureTopics(kafka, topicsForGroup(names, 'tail-test', ['routingDecision'], 0).filter((topic) => topic.topic === names.event('routingDecision')));
    await publisher.connect();
    await publish({ messageId: 'before-the-tail' });
  }, 60_000);

  afterAll(async () => {
    await publisher.disconnect();
  });

  it('prints the decisions published after it started, one line each, and stops after --max', async () => {
    const run = tail(['--max', '2']);
    await run.positioned;
    const first = await publish({});
    const second = await publish({ tenantId: 'strict', channel: Channel.SMS, actionTaken: ActionTaken.BLOCKED, fallbackReason: FallbackReason.POLICY_BLOCKED, sensitivity: Sensitivity.SECRET, recipientHash: 'rh-2' });
    await publish({});
    expect(await run.done).toBe(2);
    expect(run.lines).toEqual([
      expect.stringMatching(new RegExp(`^2026-11-23T12:00:\\d\\d\\.000Z tenant=acme message=${first} channel=rcs action=sent_plain fallback=none sensitivity=normal cohort=default recipient=rh-1$`)),
      expect.stringMatching(new RegExp(`tenant=strict message=${second} channel=sms action=blocked fallback=policy_blocked sensitivity=secret cohort=default recipient=rh-2$`)),
    ]);
    expect(run.lines.join('\n')).not.toContain('before-the-tail');
  }, 30_000);

  it('filters by tenant, action and sensitivity and prints JSON lines', async () => {
    const run = tail(['--json', '--tenant', 'acme', '--action', 'secure_link_created,blocked', '--sensitive-only', '--max', '2']);
    await run.positioned;
    await publish({ actionTaken: ActionTaken.SECURE_LINK_CREATED, sensitivity: Sensitivity.SECRET, tenantId: 'other' }); // other tenant
    await publish({ actionTaken: ActionTaken.SENT_PLAIN, sensitivity: Sensitivity.SECRET }); // other action
    await publish({ actionTaken: ActionTaken.BLOCKED, sensitivity: Sensitivity.NORMAL }); // not sensitive
    const link = await publish({ actionTaken: ActionTaken.SECURE_LINK_CREATED, sensitivity: Sensitivity.SECRET, channel: Channel.SMS, detectorIds: ['secret.connection_string'] });
    const blocked = await publish({ actionTaken: ActionTaken.BLOCKED, sensitivity: Sensitivity.PERSONAL });
    expect(await run.done).toBe(2);
    expect(run.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ messageId: link, tenant: 'acme', action: 'secure_link_created', sensitivity: 'secret', channel: 'sms', detectorIds: ['secret.connection_string'], recipientHash: 'rh-1' }),
      expect.objectContaining({ messageId: blocked, action: 'blocked', sensitivity: 'personal' }),
    ]);
  }, 30_000);

  it('stops after --for seconds and when interrupted, and leaves no consumer group behind', async () => {
    const startedAt = Date.now();
    expect(await tail(['--for', '1']).done).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(15_000);

    const interrupt = new AbortController();
    const run = tail([], interrupt.signal);
    await run.positioned;
    await publish({});
    interrupt.abort(); // what SIGINT does in the CLI
    await run.done;
    expect(run.lines.length).toBeLessThanOrEqual(1);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.filter((group) => group.groupId.startsWith(`${prefix}tail-`))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  }, 30_000);
});
