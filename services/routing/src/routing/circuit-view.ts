import { Inject, Injectable, Logger } from '@nestjs/common';
import { CHANNEL_CIRCUITS, type ChannelCircuits } from '@switchback/circuit';
import { Channel, FallbackReason } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';

/** The rungs a circuit can close: every path of the channel's gateway has an open breaker. */
const GATED: readonly Channel[] = [Channel.RCS_E2EE, Channel.RCS, Channel.SMS];

/**
 * Which channels' circuits are open, as decide() exclusions (CIRCUIT_OPEN). The answer is
 * reused for CIRCUIT_CACHE_MS so the hot path asks the store at most once per interval. A
 * store that cannot answer counts as closed: the leg is tried, and a gateway that finds its
 * breaker open answers FAILED `circuit_open`, which fails over.
 */
@Injectable()
export class CircuitView {
  private readonly logger = new Logger(CircuitView.name);
  private cached: { readonly at: number; readonly open: ReadonlyMap<Channel, FallbackReason> } | undefined;

  constructor(
    @Inject(CHANNEL_CIRCUITS) private readonly circuits: ChannelCircuits,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'CIRCUIT_CACHE_MS'>,
  ) {}

  async openChannels(): Promise<ReadonlyMap<Channel, FallbackReason>> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < this.config.CIRCUIT_CACHE_MS) return this.cached.open;
    const answers = await Promise.all(
      GATED.map((channel) =>
        this.circuits.isOpen(channel).catch((error: unknown) => {
          this.logger.warn(`circuit state of ${Channel[channel]} unknown, treated as closed: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        }),
      ),
    );
    const open = new Map<Channel, FallbackReason>();
    GATED.forEach((channel, index) => answers[index] && open.set(channel, FallbackReason.CIRCUIT_OPEN));
    this.cached = { at: now, open };
    return open;
  }
}
