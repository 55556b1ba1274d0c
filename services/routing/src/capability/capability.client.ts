import { Inject, Injectable } from '@nestjs/common';
import { type Capability, CapabilitySchema, CapabilitySource, CapabilityStatus, create, isE164 } from '@switchback/contracts';
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

/** capability-discovery's batchGet takes at most this many numbers. */
const MAX_BATCH = 100;

interface PendingLookup {
  readonly number: string;
  readonly resolve: (resolved: ResolvedRecipient) => void;
  readonly reject: (error: Error) => void;
}

const parsed = (body: unknown): ResolvedRecipient => {
  const e164 = typeof (body as { phoneNumber?: unknown } | undefined)?.phoneNumber === 'string' ? (body as { phoneNumber: string }).phoneNumber : '';
  if (!isE164(e164)) throw new CapabilityUnavailableException('answer without a phone number');
  return { e164, capability: capabilityFromJson(body) };
};

/**
 * HTTP client of capability-discovery. Routing asks it for every send it consumes:
 * capability-discovery holds no bus key, so it learns the number from this call and never sees
 * the text. Lookups that arrive in the same turn of the event loop (a consumed batch) share one
 * `POST /v1/capabilities:batchGet`: one request per batch, not per message.
 */
@Injectable()
export class CapabilityClient {
  private pending: PendingLookup[] = [];
  private scheduled = false;

  constructor(@Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'CAPABILITY_BASE_URL' | 'CAPABILITY_TIMEOUT_MS'> & Partial<Pick<RoutingConfig, 'CAPABILITY_API_KEY'>>) {}

  /** Throws InvalidRecipientException (a 400: permanent) or CapabilityUnavailableException (anything else: retriable). */
  resolve(number: string): Promise<ResolvedRecipient> {
    return new Promise((resolve, reject) => {
      this.pending.push({ number, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) void this.lookUp(this.pending.splice(0, MAX_BATCH));
  }

  private async lookUp(batch: readonly PendingLookup[]): Promise<void> {
    if (batch.length === 1) return this.lookUpOne(batch[0]!);
    const numbers = [...new Set(batch.map((item) => item.number))];
    try {
      const response = await this.call('/v1/capabilities:batchGet', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumbers: numbers }) });
      // One invalid number refuses the whole batch: ask one by one to find it.
      if (response.status === 400) {
        await response.body?.cancel();
        await Promise.all(batch.map((item) => this.lookUpOne(item)));
        return;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CapabilityUnavailableException(`HTTP ${response.status}`);
      }
      const answers = ((await response.json().catch(() => undefined)) as { capabilities?: unknown[] } | undefined)?.capabilities;
      if (!Array.isArray(answers) || answers.length !== numbers.length) throw new CapabilityUnavailableException('batch answer does not match the request');
      const byNumber = new Map(numbers.map((number, index) => [number, answers[index]]));
      for (const item of batch) {
        try {
          item.resolve(parsed(byNumber.get(item.number)));
        } catch (error) {
          item.reject(error as Error);
        }
      }
    } catch (error) {
      for (const item of batch) item.reject(error instanceof CapabilityUnavailableException ? error : new CapabilityUnavailableException(error instanceof Error ? error.name : 'request failed'));
    }
  }

  private async lookUpOne(item: PendingLookup): Promise<void> {
    try {
      const response = await this.call(`/v1/capabilities/${encodeURIComponent(item.number)}`, {});
      if (response.status === 400) {
        await response.body?.cancel();
        throw new InvalidRecipientException();
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CapabilityUnavailableException(`HTTP ${response.status}`);
      }
      item.resolve(parsed(await response.json().catch(() => undefined)));
    } catch (error) {
      item.reject(error instanceof InvalidRecipientException || error instanceof CapabilityUnavailableException ? error : new CapabilityUnavailableException(error instanceof Error ? error.name : 'request failed'));
    }
  }

  /** Every lookup carries routing's service credential: capability-discovery answers no one else. */
  private call(path: string, init: RequestInit): Promise<Response> {
    const key = this.config.CAPABILITY_API_KEY?.trim();
    const headers = { ...(init.headers as Record<string, string> | undefined), ...(key ? { authorization: `Bearer ${key}` } : {}) };
    return fetch(`${this.config.CAPABILITY_BASE_URL.replace(/\/+$/, '')}${path}`, { ...init, headers, signal: AbortSignal.timeout(this.config.CAPABILITY_TIMEOUT_MS) });
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
