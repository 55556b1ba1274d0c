import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import type { Counter, Registry } from 'prom-client';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { CapabilityPinning } from '../pinning/capability-pinning';
import { CapabilityCache, type CacheEntry, type CachedCapability } from './capability-cache';
import { badgeOf, levelOf } from './capability-level';
import { HubUnavailableException } from './capability.exception';
import { CLOCK, type Clock } from './clock';
import type { Recipient } from './e164';
import { RbmHubClient } from './rbm-hub.client';
import type { CapabilityFacts, ResolvedCapability } from './resolved-capability';
import { retryWithinBudget } from './retry-within-budget';
import { SingleFlight } from './single-flight';

/**
 * Resolves what a recipient can receive: a fresh cache entry first, else the carrier hub (one
 * query per number at a time in this process, retried within a budget), compared with the
 * contact's pin. When the hub cannot answer, a stale entry or the SMS-only default is returned
 * marked as a guess, so routing fails closed instead of failing the send.
 */
@Injectable()
export class CapabilityService {
  private readonly logger = new Logger(CapabilityService.name);
  private readonly flights = new SingleFlight<ResolvedCapability>();
  private readonly lookups: Counter<string>;

  constructor(
    private readonly cache: CapabilityCache,
    private readonly hub: RbmHubClient,
    private readonly pinning: CapabilityPinning,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.lookups = counter(registry, MetricNames.capabilityLookups, 'Capability lookups by where the answer came from', ['source', 'guess']);
  }

  async resolve(recipient: Recipient): Promise<ResolvedCapability> {
    const answer = await this.lookup(recipient);
    this.lookups.inc({ source: answer.source, guess: String(answer.guess) });
    return answer;
  }

  private async lookup(recipient: Recipient): Promise<ResolvedCapability> {
    const cached = await this.cache.get(recipient.e164).catch((error: unknown) => this.cacheDown(error));
    if (cached?.fresh) return { ...cached.value, guess: false, source: 'cache' };
    return this.flights.run(recipient.e164, () => this.fromHub(recipient, cached));
  }

  private async fromHub(recipient: Recipient, cached: CacheEntry | undefined): Promise<ResolvedCapability> {
    const policy = { attempts: this.config.CAPABILITY_HUB_ATTEMPTS, budgetMs: this.config.CAPABILITY_HUB_BUDGET_MS, backoffMs: this.config.CAPABILITY_HUB_BACKOFF_MS };
    let answer;
    try {
      answer = await retryWithinBudget((timeoutMs) => this.hub.capabilities(recipient.e164, timeoutMs), policy, this.clock, (error) => error instanceof HubUnavailableException);
    } catch (error) {
      if (!(error instanceof HubUnavailableException)) throw error;
      this.logger.warn({ err: error.message }, 'carrier hub unavailable; answering a guess');
      return cached ? this.stale(cached.value) : this.defaultGuess(recipient);
    }
    // RBM has no encryption flag: E2EE comes from the Universal Profile exchange (a later rung).
    const facts: CapabilityFacts = { rcs: answer.rcs, rcsE2ee: false, inappE2ee: false, features: answer.features, carrier: answer.carrier, checkedAtMs: this.clock.now() };
    const level = levelOf(facts);
    const decision = await this.pinning.observe(this.hasher.hash(recipient.e164), level, { carrier: facts.carrier, region: recipient.region });
    const badge = badgeOf(facts, { guess: false, downgradeSuspected: decision.downgradeSuspected });
    const resolved: CachedCapability = {
      ...facts,
      region: recipient.region,
      level,
      status: badge.status,
      statusReason: badge.reason,
      downgradeSuspected: decision.downgradeSuspected,
      pinnedLevel: decision.pin.pinnedLevel,
      pinnedAtMs: decision.pin.pinnedAtMs,
    };
    await this.cache.set(recipient.e164, resolved).catch((error: unknown) => this.cacheDown(error));
    return { ...resolved, guess: false, source: 'hub' };
  }

  private stale(value: CachedCapability): ResolvedCapability {
    const badge = badgeOf(value, { guess: true, downgradeSuspected: value.downgradeSuspected });
    return { ...value, status: badge.status, statusReason: badge.reason, guess: true, source: 'cache' };
  }

  /** SMS only: the weakest claim, so a guess never lets routing pick a path that may not exist. */
  private async defaultGuess(recipient: Recipient): Promise<ResolvedCapability> {
    const pin = await this.pinning.peek(this.hasher.hash(recipient.e164));
    const facts: CapabilityFacts = { rcs: false, rcsE2ee: false, inappE2ee: false, features: [], carrier: '', checkedAtMs: this.clock.now() };
    const badge = badgeOf(facts, { guess: true, downgradeSuspected: false });
    return {
      ...facts,
      region: recipient.region,
      level: levelOf(facts),
      status: badge.status,
      statusReason: badge.reason,
      downgradeSuspected: false,
      guess: true,
      pinnedLevel: pin?.pinnedLevel ?? null,
      pinnedAtMs: pin?.pinnedAtMs ?? null,
      source: 'default',
    };
  }

  private cacheDown(error: unknown): undefined {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'capability cache unavailable; asking the hub');
    return undefined;
  }
}
