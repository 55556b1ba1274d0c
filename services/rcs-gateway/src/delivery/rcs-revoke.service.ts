import { Inject, Injectable } from '@nestjs/common';
import { DeliveryStatus } from '@switchback/contracts';
import { CONFIG } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import type { RbmRevokeResult } from '../rbm/rbm-error.table';
import { rbmMessageId } from '../rbm/rbm-message-id';
import { LegStore } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';

/**
 * Revokes an undelivered RCS leg (before an SMS fallback). 'revoked' publishes REVOKED;
 * 'already_delivered' (a DELIVERED/READ event seen, or RBM's 404) publishes nothing: the
 * delivery event is or will be the outcome, and the caller must not fall back.
 * Retriable failures throw RbmUnavailableException / RbmThrottledException.
 */
@Injectable()
export class RcsRevokeService {
  constructor(
    private readonly client: RbmAgentClient,
    private readonly legs: LegStore,
    private readonly throttle: AgentThrottle,
    private readonly outcomes: OutcomePublisher,
    private readonly metrics: RcsMetrics,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
  ) {}

  async revoke(recipient: string, messageId: string, leg: number): Promise<RbmRevokeResult> {
    const id = rbmMessageId(this.config.RBM_AGENT_ID, messageId, leg);
    const record = await this.legs.find(id);
    if (record?.state === 'delivered' || record?.state === 'read') return this.counted('already_delivered');
    const result = await this.throttle.run(() => this.client.revoke(recipient, id));
    if (result === 'revoked' && record) {
      await this.outcomes.publish(record, DeliveryStatus.REVOKED, 'revoked');
      await this.legs.update(record, { state: 'revoked' });
    }
    return this.counted(result);
  }

  private counted(result: RbmRevokeResult): RbmRevokeResult {
    this.metrics.revocations.inc({ result });
    return result;
  }
}
