import { RoutingMetrics } from '../metrics/routing-metrics';
import { RecordingEventSink } from '@switchback/bus';
import { ActionTaken, Channel } from '@switchback/contracts';
import type { EntityManager } from 'typeorm';
import type { EndedWithoutLeg, TerminalRow } from '../lifecycle/lifecycle-rows';
import type { LifecycleService } from '../lifecycle/lifecycle.service';
import type { HeldMessageEntity } from './held-message.entity';
import type { HeldMessageRepository } from './held-message.repository';
import { HOLD_EXPIRED_REASON, HoldExpirySweeper, SWEEP_BATCH } from './hold-expiry.sweeper';

const NOW = 1_800_000_000_000;
const HELD_AT = new Date(NOW - 86_400_000);
const row = (messageId: string) =>
  ({ tenantId: 'acme', messageId, recipientHash: 'k1:abc', contentFingerprint: 'k1:def', trafficType: 2, labels: [], sensitivity: 4, detectorIds: ['secret.aws'], fallbackReason: 4, policyVersion: 2, capability: null, requestedAtMs: '5', heldAt: HELD_AT, holdExpiresAt: new Date(NOW - 1), traceparent: null, tracestate: null }) as unknown as HeldMessageEntity;

describe('HoldExpirySweeper', () => {
  const manager = { tx: true } as unknown as EntityManager;
  let expired: boolean;
  let ended: { manager: EntityManager; rows: readonly EndedWithoutLeg[] }[];
  let announced: { terminals: readonly TerminalRow[]; afterCommit: boolean }[];
  const repository = {
    expireDue: jest.fn(async (_now: Date, _limit: number, announce: (rows: HeldMessageEntity[], manager: EntityManager) => Promise<void>) => {
      await announce([row('m-1'), row('m-2')], manager);
      expired = true; // only after every decision went out and the ends were written
      return 2;
    }),
  };
  const lifecycle = {
    endWithoutLeg: async (m: EntityManager, rows: readonly EndedWithoutLeg[]) => {
      ended.push({ manager: m, rows });
      return rows.map((r) => ({ messageId: r.messageId }) as TerminalRow);
    },
    announceEnded: async (terminals: readonly TerminalRow[]) => void announced.push({ terminals, afterCommit: expired }),
  } as unknown as LifecycleService;
  const publisher = new RecordingEventSink();
  const sweeper = new HoldExpirySweeper(repository as unknown as HeldMessageRepository, publisher, { now: () => NOW }, { HOLD_SWEEP_INTERVAL_MS: 30_000 }, new RoutingMetrics(), lifecycle);

  beforeEach(() => {
    expired = false;
    ended = [];
    announced = [];
    jest.clearAllMocks();
    publisher.clear();
  });

  it('publishes one EXPIRED decision per due hold, before the rows change, in bounded batches', async () => {
    await expect(sweeper.sweep()).resolves.toBe(2);
    expect(repository.expireDue).toHaveBeenCalledWith(new Date(NOW), SWEEP_BATCH, expect.any(Function));
    expect(publisher.of('routingDecision').map((event) => ['routingDecision', event.messageId, event.actionTaken, event.channel, event.decidedAtMs])).toEqual([
      ['routingDecision', 'm-1', ActionTaken.EXPIRED, Channel.UNSPECIFIED, BigInt(NOW)],
      ['routingDecision', 'm-2', ActionTaken.EXPIRED, Channel.UNSPECIFIED, BigInt(NOW)],
    ]);
    expect(expired).toBe(true);
  });

  it('ends each message EXPIRED hold_expired in the expiry transaction, and announces it only after the commit', async () => {
    await sweeper.sweep();
    expect(ended).toHaveLength(1);
    expect(ended[0]!.manager).toBe(manager);
    expect(ended[0]!.rows).toEqual(
      ['m-1', 'm-2'].map((messageId) =>
        expect.objectContaining({ messageId, tenantId: 'acme', recipientHash: 'k1:abc', trafficType: 'transactional', requestedAtMs: 5n, createdAt: HELD_AT, state: 'expired', status: 'expired', reason: HOLD_EXPIRED_REASON, at: new Date(NOW) }),
      ),
    );
    expect(HOLD_EXPIRED_REASON).toBe('hold_expired');
    expect(announced).toEqual([{ terminals: [{ messageId: 'm-1' }, { messageId: 'm-2' }], afterCommit: true }]);
  });

  it('expires nothing when a decision cannot be published (the next sweep retries)', async () => {
    publisher.failWith(new Error('broker down'));
    await expect(sweeper.sweep()).rejects.toThrow('broker down');
    expect(expired).toBe(false);
    expect(announced).toEqual([]);
  });
});
