import { Inject, Injectable } from '@nestjs/common';
import { CHANNEL_BREAKERS, type BreakerPermit, type ChannelBreakers } from '@switchback/circuit';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';

/** The hub path's id in breaker events and metrics: "rcs:<agent>@<host>". */
export const hubPathId = (config: Pick<RcsGatewayConfig, 'RBM_AGENT_ID' | 'HUB_BASE_URL'>): string => `rcs:${config.RBM_AGENT_ID}@${new URL(config.HUB_BASE_URL).host}`;

/** The circuit breaker of this gateway's one hub path (agent + base URL). */
@Injectable()
export class HubCircuit {
  readonly pathId: string;

  constructor(@Inject(CHANNEL_BREAKERS) private readonly breakers: ChannelBreakers) {
    const [pathId] = breakers.pathIds;
    if (pathId === undefined) throw new Error('the hub circuit needs one path');
    this.pathId = pathId;
  }

  /** A permit for one hub call, or undefined while the breaker is open. */
  acquire(): BreakerPermit | undefined {
    return this.breakers.acquire(this.pathId);
  }
}
