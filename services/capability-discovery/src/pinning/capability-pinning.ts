import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { CapabilityChangedSchema, CapabilityLevel, create } from '@switchback/contracts';
import { CLOCK, CONFIG, type SleepingClock } from '@switchback/runtime';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import type { Counter, Registry } from 'prom-client';
import { PinningFailedException } from '../capability/capability.exception';
import { decidePin, type CapabilityPin, type PinDecision } from '../capability/pin-decision';
import type { CapabilityLevelName } from '../capability/resolved-capability';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { PinStore, type Observation } from './pin-store';

export const LEVEL_TO_PROTO: Record<CapabilityLevelName, CapabilityLevel> = {
  sms_only: CapabilityLevel.SMS_ONLY,
  rcs: CapabilityLevel.RCS,
  e2ee: CapabilityLevel.E2EE,
};

/**
 * Compares each fresh hub answer with the contact's pin, records level changes, and announces
 * them on capabilityChanged; suspected downgrades are also counted for alerting.
 */
@Injectable()
export class CapabilityPinning {
  private readonly logger = new Logger(CapabilityPinning.name);
  private readonly downgrades: Counter<string>;

  constructor(
    private readonly store: PinStore,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    @Inject(CONFIG) private readonly config: Pick<CapabilityDiscoveryConfig, 'CAPABILITY_PIN_WINDOW_S'>,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.downgrades = counter(registry, MetricNames.capabilityDowngrades, 'Capability answers weaker than the contact pin within the pin window');
  }

  async observe(recipientHash: string, level: CapabilityLevelName, observation: Observation): Promise<PinDecision> {
    const nowMs = this.clock.now();
    const windowMs = this.config.CAPABILITY_PIN_WINDOW_S * 1000;
    let decision: PinDecision;
    try {
      decision = await this.store.apply(
        recipientHash,
        observation,
        (current) => decidePin(current, level, nowMs, windowMs),
        (decided) => this.announce(recipientHash, decided, level, observation, nowMs),
      );
    } catch (error) {
      throw new PinningFailedException(error);
    }
    if (decision.downgradeSuspected && decision.levelChanged) this.downgrades.inc();
    return decision;
  }

  /** A first sighting goes to history but is not a change anyone needs to hear about. */
  private async announce(recipientHash: string, decision: PinDecision, level: CapabilityLevelName, observation: Observation, nowMs: number): Promise<void> {
    if (!decision.levelChanged || decision.previousLevel === null) return;
    await this.publisher.publish(
      'capabilityChanged',
      create(CapabilityChangedSchema, {
        recipientHash,
        previousLevel: LEVEL_TO_PROTO[decision.previousLevel],
        currentLevel: LEVEL_TO_PROTO[level],
        downgradeSuspected: decision.downgradeSuspected,
        pinnedLevel: LEVEL_TO_PROTO[decision.pin.pinnedLevel],
        pinnedAtMs: BigInt(decision.pin.pinnedAtMs),
        observedAtMs: BigInt(nowMs),
        carrier: observation.carrier,
        region: observation.region,
      }),
      { key: recipientHash, messageId: `capability-changed:${recipientHash}:${nowMs}` },
    );
  }

  /** The pin as it stands, for answers that must not move it (guesses); undefined if unreadable. */
  async peek(recipientHash: string): Promise<CapabilityPin | undefined> {
    try {
      return await this.store.find(recipientHash);
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'capability pin store unavailable');
      return undefined;
    }
  }
}
