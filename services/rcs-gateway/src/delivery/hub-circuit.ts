import { Inject, Injectable, Optional } from '@nestjs/common';
import { CHANNEL_BREAKERS, CONNECTOR_RANDOM, failoverOrder, type BreakerPermit, type ChannelBreakers, type RegionalConnector } from '@switchback/circuit';
import { CONFIG } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';

/** One RBM hub connection: where its calls go and the breaker path that guards it. */
export interface RbmHub extends RegionalConnector {
  readonly baseUrl: string;
  readonly agentId: string;
  /** "rcs:<agent>@<host>" in breaker events and metrics. */
  readonly pathId: string;
}

/** The id the HUB_BASE_URL shorthand's hub gets (in the leg records). */
export const DEFAULT_HUB_ID = 'default';

/** The hub path's id in breaker events and metrics: "rcs:<agent>@<host>". */
export const hubPathId = (hub: { readonly agentId: string; readonly baseUrl: string }): string => `rcs:${hub.agentId}@${new URL(hub.baseUrl).host}`;

/** The configured hubs: RBM_HUBS, or the one hub of HUB_BASE_URL / HUB_REGION. */
export function rcsHubs(config: Pick<RcsGatewayConfig, 'RBM_HUBS' | 'HUB_BASE_URL' | 'HUB_REGION' | 'RBM_AGENT_ID'>): RbmHub[] {
  const entries = config.RBM_HUBS ?? [{ id: DEFAULT_HUB_ID, region: config.HUB_REGION, baseUrl: config.HUB_BASE_URL ?? '', priority: 0, weight: 1 }];
  return entries.map((entry) => {
    const agentId = ('agentId' in entry ? entry.agentId : undefined) ?? config.RBM_AGENT_ID;
    const baseUrl = entry.baseUrl.replace(/\/+$/, '');
    return { id: entry.id, region: entry.region, priority: entry.priority, weight: entry.weight, baseUrl, agentId, pathId: hubPathId({ agentId, baseUrl }) };
  });
}

/** A hub chosen for one call, with its breaker permit. */
export interface HubPermit {
  readonly hub: RbmHub;
  readonly permit: BreakerPermit;
}

/**
 * The hubs and their circuit breakers. A leg's hub is chosen here, not in routing: the gateway
 * sees its hubs' health (breakers shared by every pod), routing only stamps the regions the
 * tenant allows. Never a hub outside those regions, even when all of theirs are open.
 */
@Injectable()
export class HubCircuit {
  readonly hubs: readonly RbmHub[];
  private readonly random: () => number;

  constructor(
    @Inject(CHANNEL_BREAKERS) private readonly breakers: ChannelBreakers,
    @Inject(CONFIG) config: RcsGatewayConfig,
    @Optional() @Inject(CONNECTOR_RANDOM) random?: () => number,
  ) {
    this.hubs = rcsHubs(config);
    this.random = random ?? Math.random;
    const missing = this.hubs.find((hub) => !breakers.pathIds.includes(hub.pathId));
    if (missing) throw new Error(`no breaker for hub ${missing.id} (${missing.pathId})`);
  }

  hub(id: string): RbmHub | undefined {
    return this.hubs.find((hub) => hub.id === id);
  }

  /** The hubs a leg stamped with `regions` may use (empty = any), in the order to try them. */
  candidates(regions: readonly string[]): RbmHub[] {
    return failoverOrder(this.hubs, regions, this.random);
  }

  /** A permit on the first of `hubs` whose breaker lets a call through, or undefined. */
  acquire(hubs: readonly RbmHub[]): HubPermit | undefined {
    for (const hub of hubs) {
      const permit = this.breakers.acquire(hub.pathId);
      if (permit) return { hub, permit };
    }
    return undefined;
  }
}
