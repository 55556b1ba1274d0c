import { RoutingMetrics } from '../metrics/routing-metrics';
import type { EventPublisher } from '@switchback/bus';
import { ActionTaken, Channel, type RoutingDecision } from '@switchback/contracts';
import type { HeldMessageEntity } from './held-message.entity';
import type { HeldMessageRepository } from './held-message.repository';
import { HoldExpirySweeper, SWEEP_BATCH } from './hold-expiry.sweeper';

const NOW = 1_800_000_000_000;
const row = (messageId: string) =>
  ({ tenantId: 'acme', messageId, recipientHash: 'k1:abc', contentFingerprint: 'k1:def', trafficType: 2, labels: [], sensitivity: 4, detectorIds: ['secret.aws'], fallbackReason: 4, policyVersion: 2, capability: null, holdExpiresAt: new Date(NOW - 1) }) as unknown as HeldMessageEntity;

describe('HoldExpirySweeper', () => {
  let expired: boolean;
  const repository = {
    expireDue: jest.fn(async (_now: Date, _limit: number, announce: (rows: HeldMessageEntity[]) => Promise<void>) => {
      await announce([row('m-1'), row('m-2')]);
      expired = true; // only after every decision went out
      return 2;
    }),
  };
  const publish = jest.fn(async (_topic: string, _event: RoutingDecision, _options: unknown) => undefined);
  const sweeper = new HoldExpirySweeper(repository as unknown as HeldMessageRepository, { publish } as unknown as EventPublisher, { now: () => NOW }, { HOLD_SWEEP_INTERVAL_MS: 30_000 }, new RoutingMetrics());

  beforeEach(() => {
    expired = false;
    jest.clearAllMocks();
  });

  it('publishes one EXPIRED decision per due hold, before the rows change, in bounded batches', async () => {
    await expect(sweeper.sweep()).resolves.toBe(2);
    expect(repository.expireDue).toHaveBeenCalledWith(new Date(NOW), SWEEP_BATCH, expect.any(Function));
    expect(publish.mock.calls.map(([topic, event]) => [topic, event.messageId, event.actionTaken, event.channel, event.decidedAtMs])).toEqual([
      ['routingDecision', 'm-1', ActionTaken.EXPIRED, Channel.UNSPECIFIED, BigInt(NOW)],
      ['routingDecision', 'm-2', ActionTaken.EXPIRED, Channel.UNSPECIFIED, BigInt(NOW)],
    ]);
    expect(expired).toBe(true);
  });

  it('expires nothing when a decision cannot be published (the next sweep retries)', async () => {
    publish.mockRejectedValueOnce(new Error('broker down'));
    await expect(sweeper.sweep()).rejects.toThrow('broker down');
    expect(expired).toBe(false);
  });
});
