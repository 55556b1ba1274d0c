import { randomBytes } from 'node:crypto';
import type { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FallbackReason, SendRequestedSchema, Sensitivity, TrafficType, type RevokeCommand } from '@switchback/contracts';
import { Registry } from 'prom-client';
import { HoldCipher } from '../hold/hold-cipher';
import { histogramSeries } from '../metrics/histogram-series';
import { RoutingMetrics } from '../metrics/routing-metrics';
import type { PolicyStore } from '../policy/policy.store';
import { DEFAULT_TENANT_POLICY } from '../policy/tenant-policy';
import type { FailoverService } from './failover.service';
import type { LegSnapshot, MessageState } from './lifecycle-state';
import type { LockedMessage, NewLeg, NewLifecycle, TerminalRow, TerminalUpdate } from './lifecycle-rows';
import type { LifecycleTx } from './lifecycle-tx';
import type { LifecycleRepository } from './lifecycle.repository';
import { LifecycleService } from './lifecycle.service';
import { SendSealer } from './send-sealer';
import type { TerminalAnnouncer } from './terminal-announcer';

const PHONE = '+447700900123';

describe('LifecycleService (no I/O: the repository and the bus are fakes)', () => {
  const sealer = new SendSealer(new HoldCipher({ id: 'h1', key: randomBytes(32) }));
  const sealed = sealer.seal(create(SendRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: PHONE, content: { text: 'hello' } }));
  let published: { topic: string; event: unknown; messageId: string }[];
  let announced: TerminalRow[];
  let unannounced: TerminalRow | undefined;
  let writes: string[];
  let registry: Registry;
  let service: LifecycleService;

  const message = (legs: LegSnapshot[], state: MessageState = 'dispatched', terminalLeg: number | null = null): LockedMessage => ({
    messageId: 'm-1',
    tenantId: 'acme',
    recipientHash: 'k1:hash',
    trafficType: 'alert',
    state,
    legsDispatched: legs.length,
    failovers: 0,
    sealed: state === 'dispatched',
    terminalLeg,
    legs,
    keyId: state === 'dispatched' ? sealed.keyId : null,
    sendCiphertext: state === 'dispatched' ? sealed.ciphertext : null,
    capability: null,
    requestedAtMs: 5n,
    trace: undefined,
  });
  const terminalOf = (update: TerminalUpdate, legsDispatched: number): TerminalRow => ({
    messageId: 'm-1',
    tenantId: 'acme',
    recipientHash: 'k1:hash',
    status: update.status,
    leg: update.leg,
    channel: update.channel,
    legsDispatched,
    reason: update.reason,
    requestedAtMs: 5n,
    terminalAt: update.at,
    trace: undefined,
  });
  /** A repository whose transition runs the service's work on a fake transaction over `locked`. */
  const withMessage = (locked: LockedMessage) => {
    const tx = {
      message: locked,
      setLeg: async (leg: number, _from: unknown, to: string) => {
        writes.push(`leg ${leg} → ${to}`);
        return true;
      },
      end: async (update: TerminalUpdate) => {
        writes.push(`end ${update.state}`);
        return locked.state === 'dispatched' ? terminalOf(update, locked.legsDispatched) : undefined;
      },
      setMessageState: async (_from: string, to: string) => void writes.push(`message → ${to}`),
      addFailoverLeg: async () => true,
    } as unknown as LifecycleTx;
    // The compare-and-set win declines here: these tests follow the locked path.
    const repository = { winAlone: async () => undefined, tenantOf: async () => locked.tenantId, transition: async (_id: string, work: (t: LifecycleTx) => Promise<unknown>) => work(tx), unannouncedOf: async () => unannounced } as unknown as LifecycleRepository;
    const announcer = { announce: async (row: TerminalRow) => void announced.push(row) } as unknown as TerminalAnnouncer;
    const policies = { latest: async () => ({ policy: DEFAULT_TENANT_POLICY, version: 0 }) } as unknown as PolicyStore;
    const publisher = { publish: async (topic: string, event: unknown, options: { messageId: string }) => void published.push({ topic, event, messageId: options.messageId }) } as unknown as EventPublisher;
    service = new LifecycleService(repository, sealer, {} as FailoverService, announcer, policies, publisher, new RoutingMetrics(registry), { now: () => 1_000 });
  };
  const outcome = (leg: number, status: DeliveryStatus, reason = '') => create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', leg, status, reason, channel: Channel.RCS });
  const leg = (n: number, channel: Channel, state: LegSnapshot['state'] = 'live'): LegSnapshot => ({ leg: n, channel, state, revokeReason: null });
  const latencies = () => histogramSeries(registry, 'switchback_delivery_latency_seconds');
  const terminals = async () => (await registry.getSingleMetric('switchback_message_terminal_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);

  beforeEach(() => {
    published = [];
    announced = [];
    unannounced = undefined;
    writes = [];
    registry = new Registry();
  });

  it('a SUBMITTED outcome never reads or locks the message (it cannot change it)', async () => {
    withMessage(message([leg(1, Channel.RCS)]));
    const touched: string[] = [];
    const repository = { tenantOf: async () => void touched.push('tenantOf'), transition: async () => void touched.push('transition') } as unknown as LifecycleRepository;
    const policies = { latest: async () => ({ policy: DEFAULT_TENANT_POLICY, version: 0 }) } as unknown as PolicyStore;
    const untouched = new LifecycleService(repository, sealer, {} as FailoverService, {} as TerminalAnnouncer, policies, {} as EventPublisher, new RoutingMetrics(registry), { now: () => 1_000 });
    await untouched.onOutcome(outcome(1, DeliveryStatus.SUBMITTED));
    expect(touched).toEqual([]);
    await untouched.onOutcome(create(DeliveryOutcomeSchema, { messageId: 'm-1', leg: 1, status: DeliveryStatus.DELIVERED, channel: Channel.RCS }));
    expect(touched).toEqual(['tenantOf']);
  });

  it('ends a message whose only open leg is delivered with one compare-and-set: no lock, no policy read', async () => {
    const touched: string[] = [];
    const terminal: TerminalRow = { messageId: 'm-1', tenantId: 'acme', recipientHash: 'k1:h', status: 'delivered', leg: 1, channel: Channel.RCS, legsDispatched: 1, reason: '', requestedAtMs: 400n, terminalAt: new Date(1_000), trace: undefined };
    const wins: unknown[] = [];
    const repository = {
      winAlone: async (win: unknown) => {
        wins.push(win);
        return { terminal, trafficType: 'otp' };
      },
      tenantOf: async () => void touched.push('tenantOf'),
      transition: async () => void touched.push('transition'),
    } as unknown as LifecycleRepository;
    const policies = { latest: async () => void touched.push('policy') } as unknown as PolicyStore;
    const announcer = { announce: async (row: TerminalRow) => void announced.push(row) } as unknown as TerminalAnnouncer;
    const lifecycle = new LifecycleService(repository, sealer, {} as FailoverService, announcer, policies, {} as EventPublisher, new RoutingMetrics(registry), { now: () => 1_000 });
    await lifecycle.onOutcome(create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', leg: 1, status: DeliveryStatus.DELIVERED, channel: Channel.RCS, occurredAtMs: 900n }));
    expect(wins).toEqual([{ messageId: 'm-1', tenantId: 'acme', leg: 1, legState: 'delivered', reason: '', at: new Date(1_000) }]);
    expect(touched).toEqual([]);
    expect(announced).toEqual([terminal]);
    expect(await terminals()).toBe(1);
    expect(await latencies()).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it("takes the policy of the tenant the outcome names without reading the message first, and the message's own when they differ", async () => {
    const locked = message([leg(1, Channel.RCS)]);
    withMessage(locked);
    const reads: string[] = [];
    const policyOf: string[] = [];
    const tx = { message: locked, setLeg: async () => true, end: async (update: TerminalUpdate) => terminalOf(update, 1) } as unknown as LifecycleTx;
    const repository = {
      winAlone: async () => undefined,
      tenantOf: async () => {
        reads.push('tenantOf');
        return locked.tenantId;
      },
      transition: async (_id: string, work: (t: LifecycleTx) => Promise<unknown>) => work(tx),
    } as unknown as LifecycleRepository;
    const policies = {
      latest: async (tenantId: string) => {
        policyOf.push(tenantId);
        return { policy: DEFAULT_TENANT_POLICY, version: 0 };
      },
    } as unknown as PolicyStore;
    const announcer = { announce: async (row: TerminalRow) => void announced.push(row) } as unknown as TerminalAnnouncer;
    const lifecycle = new LifecycleService(repository, sealer, {} as FailoverService, announcer, policies, {} as EventPublisher, new RoutingMetrics(registry), { now: () => 1_000 });

    await lifecycle.onOutcome(outcome(1, DeliveryStatus.DELIVERED));
    expect(reads).toEqual([]);
    expect(policyOf).toEqual(['acme']);
    expect(announced).toHaveLength(1);

    await lifecycle.onOutcome(create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'mallory', leg: 1, status: DeliveryStatus.DELIVERED, channel: Channel.RCS }));
    expect(reads).toEqual(['tenantOf']);
    expect(policyOf).toEqual(['acme', 'mallory', 'acme']);
    expect(announced).toHaveLength(2);
  });

  it('dual delivery: the SMS win ends the message once, revokes the RCS loser with its number, counts one terminal', async () => {
    withMessage(message([leg(1, Channel.RCS), leg(2, Channel.SMS)]));
    await service.onOutcome(outcome(2, DeliveryStatus.DELIVERED));
    expect(writes).toEqual(['leg 2 → delivered', 'leg 1 → revoking', 'end delivered']);
    expect(published).toEqual([{ topic: 'dispatchRevoke', event: expect.objectContaining({ leg: 1, recipient: PHONE, reason: 'dual_delivery_lost' }), messageId: 'revoke:m-1:1' }]);
    expect((published[0]!.event as RevokeCommand).channel).toBe(Channel.RCS);
    expect(announced).toHaveLength(1);
    expect(await terminals()).toBe(1);
  });

  it("observes the delivery latency once per message: the winning outcome's occurred_at minus the send's requested_at, on the winning leg's channel", async () => {
    withMessage(message([leg(1, Channel.RCS), leg(2, Channel.SMS)]));
    await service.onOutcome(create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', leg: 2, status: DeliveryStatus.DELIVERED, channel: Channel.SMS, occurredAtMs: 4_005n }));
    const labels = { channel: 'sms', traffic_type: 'alert' };
    expect(await latencies()).toEqual([{ labels, count: 1, sum: 4 }]);

    // The READ on the winner, and the loser's late delivery, change nothing.
    withMessage(message([leg(1, Channel.RCS, 'revoking'), leg(2, Channel.SMS, 'delivered')], 'delivered', 2));
    await service.onOutcome(outcome(2, DeliveryStatus.READ));
    await service.onOutcome(outcome(1, DeliveryStatus.DELIVERED, 'already_delivered'));
    expect(await latencies()).toEqual([{ labels, count: 1, sum: 4 }]);
  });

  it("takes routing's clock when the outcome carries no time, and observes nothing for a failure", async () => {
    withMessage(message([leg(1, Channel.RCS)]));
    await service.onOutcome(outcome(1, DeliveryStatus.READ));
    expect(await latencies()).toEqual([{ labels: { channel: 'rcs', traffic_type: 'alert' }, count: 1, sum: (1_000 - 5) / 1000 }]);

    registry = new Registry();
    withMessage(message([leg(1, Channel.SMS)]));
    await service.onOutcome(outcome(1, DeliveryStatus.FAILED, 'submit_in_doubt'));
    expect(await latencies()).toEqual([]);
  });

  it('a loser delivered after the end is recorded on its leg only: no event, no count', async () => {
    withMessage(message([leg(1, Channel.RCS, 'revoking'), leg(2, Channel.SMS, 'delivered')], 'delivered', 2));
    await service.onOutcome(outcome(1, DeliveryStatus.DELIVERED, 'already_delivered'));
    expect(writes).toEqual(['leg 1 → delivered']);
    expect(published).toEqual([]);
    expect(announced).toEqual([]);
    expect(await terminals()).toBe(0);
  });

  it('announces, on a redelivered outcome, an end committed before but never announced', async () => {
    withMessage(message([leg(1, Channel.SMS, 'failed')], 'failed', 1));
    unannounced = terminalOf({ state: 'failed', status: 'failed', leg: 1, channel: Channel.SMS, reason: 'submit_in_doubt', at: new Date(1) }, 1);
    await service.onOutcome(outcome(1, DeliveryStatus.FAILED, 'submit_in_doubt'));
    expect(writes).toEqual([]);
    expect(announced).toEqual([unannounced]);
    expect(await terminals()).toBe(0); // counted once, by the instance that ended it
  });

  it('ends an in-doubt SMS failure without a failover', async () => {
    withMessage(message([leg(1, Channel.SMS)]));
    await service.onOutcome(outcome(1, DeliveryStatus.FAILED, 'submit_in_doubt'));
    expect(writes).toEqual(['leg 1 → failed', 'end failed']);
    expect(announced).toEqual([expect.objectContaining({ status: 'failed', reason: 'submit_in_doubt' })]);
  });

  describe('openReleased (a leg an override released)', () => {
    const opened: { row: NewLifecycle; legs: readonly NewLeg[] }[] = [];
    const repository = { open: async (row: NewLifecycle, legs: readonly NewLeg[]) => void opened.push({ row, legs }) } as unknown as LifecycleRepository;
    const released = new LifecycleService(repository, sealer, {} as FailoverService, {} as TerminalAnnouncer, {} as PolicyStore, {} as EventPublisher, new RoutingMetrics(new Registry()), { now: () => 1_000 });
    const send = create(SendRequestedSchema, { messageId: 'm-9', tenantId: 'acme', recipient: PHONE, content: { text: 'hello' }, trafficType: TrafficType.OTP, sensitivity: Sensitivity.SENSITIVE, requestedAtMs: 5n });
    const release = (channel: Channel) => released.openReleased({ send, capability: undefined, channel, fallbackReason: FallbackReason.POLICY_BLOCKED, policy: DEFAULT_TENANT_POLICY, recipientHash: 'k1:hash', nowMs: 10_000 });

    beforeEach(() => void opened.splice(0));

    it('follows an RCS leg as leg 1 with the send sealed (it may fail over or be revoked) and its delivery deadline', async () => {
      await release(Channel.RCS);
      const [{ row, legs }] = opened as [(typeof opened)[number]];
      expect(row).toMatchObject({ messageId: 'm-9', tenantId: 'acme', recipientHash: 'k1:hash', trafficType: 'otp', legsDispatched: 1, keyId: 'h1', createdAt: new Date(10_000), requestedAtMs: 5n });
      // The sealed send is the one a failover re-routes, sensitive claim included.
      expect(sealer.open('acme', 'm-9', { keyId: row.keyId!, ciphertext: row.sendCiphertext! })).toMatchObject({ recipient: PHONE, sensitivity: Sensitivity.SENSITIVE });
      expect(legs).toEqual([{ leg: 1, channel: Channel.RCS, deadlineAt: new Date(10_000 + 30_000), fallbackReason: FallbackReason.POLICY_BLOCKED, failoverFromLeg: 0 }]);
    });

    it('follows an SMS leg without sealing anything (no rung below it, nothing to revoke)', async () => {
      await release(Channel.SMS);
      expect(opened[0]!.row).toMatchObject({ legsDispatched: 1, keyId: null, sendCiphertext: null, capability: null });
      expect(opened[0]!.legs).toEqual([expect.objectContaining({ leg: 1, channel: Channel.SMS, deadlineAt: null })]);
    });
  });
});
