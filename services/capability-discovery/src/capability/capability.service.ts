import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, CONFIG, type SleepingClock } from '@switchback/runtime';
import { counter, METRICS_REGISTRY, MetricNames, MetricSpecs } from '@switchback/telemetry';
import type { Counter, Registry } from 'prom-client';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { DeviceKeyStore } from '../devices/device-key.store';
import { CapabilityPinning } from '../pinning/capability-pinning';
import { CapabilityCache, type CacheEntry, type CachedCapability } from './capability-cache';
import { badgeOf, levelOf } from './capability-level';
import { DeviceKeysUnavailableException, HubUnavailableException } from './capability.exception';
import type { Recipient } from './e164';
import { RbmHubClient } from './rbm-hub.client';
import type { CapabilityFacts, ResolvedCapability } from './resolved-capability';
import { retryWithinBudget } from './retry-within-budget';
import { SingleFlight } from './single-flight';
import { UpHubClient, type UpCapability } from './up-hub.client';

/**
 * Resolves what a recipient can receive: a fresh cache entry first (or a just-expired one
 * without E2EE while a background query refreshes it), else the carrier hub (one
 * query per number at a time in this process, retried within a budget), compared with the
 * contact's pin. When the hub cannot answer, a stale entry or the SMS-only default is returned
 * marked as a guess, so routing fails closed instead of failing the send.
 *
 * E2EE: `rcsE2ee` = RCS and the Universal-Profile exchange says e2ee (asked concurrently with the
 * RBM query; if only the UP call fails, rcsE2ee is false and the answer is not a guess).
 * `inappE2ee` = a device key is registered, read from Postgres on every lookup, cache hits
 * included: a cached flag that disagrees with the key table is refreshed.
 */
@Injectable()
export class CapabilityService {
  private readonly logger = new Logger(CapabilityService.name);
  private readonly flights = new SingleFlight<ResolvedCapability>();
  private readonly lookups: Counter<string>;
  private readonly cacheErrors: Counter<string>;
  private readonly revalidations: Counter<string>;
  private readonly resolutions: Counter<string>;

  constructor(
    private readonly cache: CapabilityCache,
    private readonly hub: RbmHubClient,
    private readonly pinning: CapabilityPinning,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly up: UpHubClient,
    private readonly deviceKeys: DeviceKeyStore,
  ) {
    this.lookups = counter(registry, MetricNames.capabilityLookups, 'Capability lookups by where the answer came from', ['source', 'guess']);
    this.resolutions = counter(registry, MetricNames.capabilityResolutions, 'Answers that are not guesses, by region, carrier and level: E2EE availability where recipients are', MetricSpecs.capabilityResolutions.labels);
    this.revalidations = counter(registry, MetricNames.capabilityRevalidations, 'Stale cache entries answered while one background hub query refreshed them');
    this.cacheErrors = counter(registry, MetricNames.capabilityCacheErrors, 'Capability cache (Redis) operations that failed; lookups then ask the hub (degraded)');
  }

  async resolve(recipient: Recipient): Promise<ResolvedCapability> {
    const answer = await this.lookup(recipient);
    this.lookups.inc({ source: answer.source, guess: String(answer.guess) });
    // Guesses say nothing about the network; an unnamed carrier is reported as such.
    if (!answer.guess) this.resolutions.inc({ region: answer.region || 'unknown', carrier: answer.carrier || 'unknown', level: answer.level });
    return answer;
  }

  private async lookup(recipient: Recipient): Promise<ResolvedCapability> {
    const cached = await this.cache.get(recipient.e164).catch((error: unknown) => this.cacheDown(error));
    if (cached?.fresh) {
      // A key registered or removed since caching (and the invalidation missed): ask again.
      const inappE2ee = await this.deviceKeys.hasAny(this.hasher.hash(recipient.e164)).catch((error: unknown) => this.keysDown(error));
      if (inappE2ee === undefined || inappE2ee === cached.value.inappE2ee) return { ...cached.value, guess: false, source: 'cache' };
    }
    if (cached && this.servableWhileRevalidating(cached)) {
      this.revalidateInBackground(recipient, cached);
      return { ...cached.value, guess: false, source: 'cache' };
    }
    return this.flights.run(recipient.e164, () => this.fromHub(recipient, cached));
  }

  /**
   * Recently expired and claiming no E2EE: answering it while one hub query refreshes it can
   * only make routing choose a weaker path, never an encrypted one that no longer exists.
   */
  private servableWhileRevalidating(entry: CacheEntry): boolean {
    const windowMs = this.config.CAPABILITY_SWR_WINDOW_S * 1000;
    return !entry.fresh && entry.staleForMs < windowMs && !entry.value.rcsE2ee && !entry.value.inappE2ee;
  }

  private revalidateInBackground(recipient: Recipient, cached: CacheEntry): void {
    this.revalidations.inc();
    // Single-flight: a burst of lookups for one number starts one refresh, not one each.
    this.flights.run(recipient.e164, () => this.fromHub(recipient, cached)).catch((error: unknown) => {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'background capability refresh failed');
    });
  }

  private async fromHub(recipient: Recipient, cached: CacheEntry | undefined): Promise<ResolvedCapability> {
    const policy = { attempts: this.config.CAPABILITY_HUB_ATTEMPTS, budgetMs: this.config.CAPABILITY_HUB_BUDGET_MS, backoffMs: this.config.CAPABILITY_HUB_BACKOFF_MS };
    const retriable = (error: unknown) => error instanceof HubUnavailableException;
    const hash = this.hasher.hash(recipient.e164);
    const [rbm, up, keys] = await Promise.all([
      retryWithinBudget((timeoutMs) => this.hub.capabilities(recipient.e164, timeoutMs), policy, this.clock, retriable).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      retryWithinBudget((timeoutMs) => this.up.capabilities(recipient.e164, timeoutMs, this.clock.now()), policy, this.clock, retriable).catch((error: unknown) => this.upDown(error)),
      this.deviceKeys.hasAny(hash).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ]);
    if (!rbm.ok) {
      if (!(rbm.error instanceof HubUnavailableException)) throw rbm.error;
      this.logger.warn({ err: rbm.error.message }, 'carrier hub unavailable; answering a guess');
      return cached ? this.stale(cached.value) : this.defaultGuess(recipient);
    }
    // Without the key table the answer could wrongly drop in-app E2EE (and look like a downgrade).
    if (!keys.ok) throw new DeviceKeysUnavailableException(keys.error);
    const answer = rbm.value;
    const inappE2ee = keys.value;
    const facts: CapabilityFacts = { rcs: answer.rcs, rcsE2ee: answer.rcs && up.e2ee, inappE2ee, features: answer.features, carrier: answer.carrier, checkedAtMs: this.clock.now() };
    const level = levelOf(facts);
    const decision = await this.pinning.observe(hash, level, { carrier: facts.carrier, region: recipient.region });
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

  /** The UP exchange alone failed: no RCS E2EE claimed, the RBM answer still stands. */
  private upDown(error: unknown): UpCapability {
    if (!(error instanceof HubUnavailableException)) throw error;
    this.logger.warn({ err: error.message }, 'UP capability exchange unavailable; rcsE2ee=false');
    return { e2ee: false, mlsCipherSuites: [] };
  }

  private keysDown(error: unknown): undefined {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'device keys unavailable; answering the cached in-app flag');
    return undefined;
  }

  private cacheDown(error: unknown): undefined {
    this.cacheErrors.inc();
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'capability cache unavailable; asking the hub');
    return undefined;
  }
}
