import { Inject, Injectable } from '@nestjs/common';
import { CapabilitySchema, CapabilitySource, CapabilityStatus, create, type Capability } from '@switchback/contracts';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';

/** Port: a recipient's capability, as capability-discovery resolves it. */
export interface CapabilityLookup {
  lookup(e164: string): Promise<Capability>;
}

export const CAPABILITY_LOOKUP = Symbol('CAPABILITY_LOOKUP');

const STATUS: Readonly<Record<string, CapabilityStatus>> = { green: CapabilityStatus.GREEN, amber: CapabilityStatus.AMBER, red: CapabilityStatus.RED };
const SOURCE: Readonly<Record<string, CapabilitySource>> = { cache: CapabilitySource.CACHE, hub: CapabilitySource.HUB, default: CapabilitySource.DEFAULT };
const TIMEOUT_MS = 2_000;

/** What we assume when capability-discovery cannot say: SMS only, and marked as a guess. */
export const guessedCapability = (): Capability =>
  create(CapabilitySchema, { rcs: false, rcsE2ee: false, inappE2ee: false, guess: true, source: CapabilitySource.DEFAULT, status: CapabilityStatus.AMBER, statusReason: 'capability unknown' });

const bool = (value: unknown): boolean => value === true;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Maps capability-discovery's JSON (GET /v1/capabilities/:e164) onto the contracts' Capability. */
export function capabilityFromJson(json: unknown): Capability {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  return create(CapabilitySchema, {
    rcs: bool(body['rcs']),
    rcsE2ee: bool(body['rcsE2ee']),
    inappE2ee: bool(body['inappE2ee']),
    features: Array.isArray(body['features']) ? body['features'].filter((f): f is string => typeof f === 'string') : [],
    source: SOURCE[text(body['source'])] ?? CapabilitySource.UNSPECIFIED,
    checkedAtMs: BigInt(Math.trunc(Number(body['checkedAtMs']) || 0)),
    carrier: text(body['carrier']),
    region: text(body['region']),
    status: STATUS[text(body['status'])] ?? CapabilityStatus.UNSPECIFIED,
    statusReason: text(body['statusReason']),
    downgradeSuspected: bool(body['downgradeSuspected']),
    guess: bool(body['guess']),
  });
}

/** HTTP client of capability-discovery; any failure (timeout, 5xx, bad JSON) gives the guess. */
@Injectable()
export class HttpCapabilityLookup implements CapabilityLookup {
  constructor(@Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'CAPABILITY_BASE_URL'>) {}

  async lookup(e164: string): Promise<Capability> {
    try {
      const response = await fetch(`${this.config.CAPABILITY_BASE_URL.replace(/\/+$/, '')}/v1/capabilities/${encodeURIComponent(e164)}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return guessedCapability();
      return capabilityFromJson(await response.json());
    } catch {
      return guessedCapability();
    }
  }
}
