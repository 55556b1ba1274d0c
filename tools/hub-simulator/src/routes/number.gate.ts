import { setTimeout as sleep } from 'node:timers/promises';
import { scriptedFailure } from '../http/hub-http.error';
import type { MutableHubStats } from '../hub-stats';
import type { ProfileRegistry } from '../profiles/profile.registry';
import type { SimLogger } from '@switchback/simulator-support';

/** Per-number latency and scripted failures, applied to every /v1/phones/{number} request. */
export class NumberGate {
  constructor(
    private readonly profiles: ProfileRegistry,
    private readonly stats: MutableHubStats,
    private readonly closing: AbortSignal,
    private readonly log: SimLogger,
  ) {}

  /**
   * Waits the number's latency, then throws its next scripted failure if one is due. Pass
   * `scripted: false` to apply the latency only (the UP exchange leaves scripted failures to RBM).
   */
  async pass(phone: string, { scripted = true }: { scripted?: boolean } = {}): Promise<void> {
    const latencyMs = this.profiles.resolve(phone).latencyMs ?? 0;
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: this.closing });
    if (!scripted) return;
    const failure = this.profiles.takeFailure(phone);
    if (!failure) return;
    this.stats.scriptedFailures += 1;
    this.log({ event: 'scripted_failure', status: failure.status });
    throw scriptedFailure(failure.status, failure.retryAfterSeconds);
  }
}
