import { Inject, Injectable } from '@nestjs/common';
import { CapabilitySchema, CapabilitySource, CapabilityStatus, create, type Capability } from '@switchback/contracts';
import { PermanentException, TransientException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';

/** capability-discovery refused the number: the send can never be routed (dead letter). */
export class InvalidRecipientException extends PermanentException {
  constructor() {
    super('invalid_recipient', 'the recipient is not a valid phone number');
  }
}

/** capability-discovery did not answer (down, restarting, overloaded): the send is retried later. */
export class CapabilityUnavailableException extends TransientException {
  constructor(detail: string) {
    super('capability_unavailable', `capability-discovery did not answer: ${detail}`);
  }
}

/** A recipient as capability-discovery resolved it: its canonical E.164 form and what it can receive. */
export interface ResolvedRecipient {
  readonly e164: string;
  readonly capability: Capability;
}

/** What we assume when capability-discovery cannot say: SMS only, and marked as a guess. */
export const guessedCapability = (): Capability =>
  create(CapabilitySchema, { rcs: false, rcsE2ee: false, inappE2ee: false, guess: true, source: CapabilitySource.DEFAULT, status: CapabilityStatus.AMBER, statusReason: 'capability unknown' });

const STATUS: Readonly<Record<string, CapabilityStatus>> = { green: CapabilityStatus.GREEN, amber: CapabilityStatus.AMBER, red: CapabilityStatus.RED };
const SOURCE: Readonly<Record<string, CapabilitySource>> = { cache: CapabilitySource.CACHE, hub: CapabilitySource.HUB, default: CapabilitySource.DEFAULT };

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

/**
 * HTTP client of capability-discovery (GET /v1/capabilities/:e164, over keep-alive
 * connections). Routing asks it for every send it consumes: capability-discovery holds no bus
 * key, so it learns the number from this call and never sees the text.
 */
@Injectable()
export class CapabilityClient {
  constructor(@Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'CAPABILITY_BASE_URL' | 'CAPABILITY_TIMEOUT_MS'>) {}

  /** Throws InvalidRecipientException (a 400: permanent) or CapabilityUnavailableException (anything else: retriable). */
  async resolve(number: string): Promise<ResolvedRecipient> {
    let response: Response;
    try {
      response = await fetch(`${this.config.CAPABILITY_BASE_URL.replace(/\/+$/, '')}/v1/capabilities/${encodeURIComponent(number)}`, { signal: AbortSignal.timeout(this.config.CAPABILITY_TIMEOUT_MS) });
    } catch (error) {
      throw new CapabilityUnavailableException(error instanceof Error ? error.name : 'request failed');
    }
    if (response.status === 400) {
      await response.body?.cancel();
      throw new InvalidRecipientException();
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CapabilityUnavailableException(`HTTP ${response.status}`);
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const e164 = typeof body?.['phoneNumber'] === 'string' ? body['phoneNumber'] : '';
    if (!/^\+[1-9]\d{1,14}$/.test(e164)) throw new CapabilityUnavailableException('answer without a phone number');
    return { e164, capability: capabilityFromJson(body) };
  }
}

/** Port of the dry run: a recipient's capability, or the guess when capability-discovery cannot say. */
export interface CapabilityLookup {
  lookup(e164: string): Promise<Capability>;
}

export const CAPABILITY_LOOKUP = Symbol('CAPABILITY_LOOKUP');

/** The dry run's lookup: a preview never fails on capability-discovery; it shows the guess instead. */
@Injectable()
export class GuessingCapabilityLookup implements CapabilityLookup {
  constructor(private readonly client: CapabilityClient) {}

  async lookup(e164: string): Promise<Capability> {
    try {
      return (await this.client.resolve(e164)).capability;
    } catch {
      return guessedCapability();
    }
  }
}
