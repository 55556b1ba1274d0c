import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { create, DeviceKeyAction, DeviceKeyChangedSchema } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, type SleepingClock } from '@switchback/runtime';
import { CapabilityCache } from '../capability/capability-cache';
import type { Recipient } from '../capability/e164';
import type { DeviceKeyCaller } from './device-key-token.guard';
import { DeviceKeyStore, type StoredDeviceKey } from './device-key.store';
import { isKeyId, type DeviceKeyInput } from './device-key.validation';

/** The number's keys belong to another tenant: nothing was changed or shown. */
export const OWNED_ELSEWHERE = 'owned_elsewhere';

/**
 * Registers and removes a number's in-app E2EE device keys (stored by the number's keyed hash)
 * for the tenant of the caller's token: the first tenant to register a key for a number owns it,
 * and other tenants can neither add, list nor remove its keys. Every change, and every refused
 * attempt, is announced on deviceKeyChanged for the audit log. The capability cache entry is
 * dropped on every change, so the next lookup sees it.
 */
@Injectable()
export class DeviceKeyService {
  private readonly logger = new Logger(DeviceKeyService.name);

  constructor(
    private readonly store: DeviceKeyStore,
    private readonly cache: CapabilityCache,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    @Inject(EventPublisher) private readonly publisher: EventSink,
  ) {}

  async register(caller: DeviceKeyCaller, recipient: Recipient, key: DeviceKeyInput): Promise<'registered' | typeof OWNED_ELSEWHERE> {
    const hash = this.hasher.hash(recipient.e164);
    const now = this.clock.now();
    const { owner } = await this.store.put(hash, caller.tenantId, key, new Date(now));
    if (owner !== caller.tenantId) {
      await this.announce(caller, hash, key.keyId, DeviceKeyAction.REFUSED, now, owner);
      return OWNED_ELSEWHERE;
    }
    await this.invalidate(recipient);
    await this.announce(caller, hash, key.keyId, DeviceKeyAction.REGISTERED, now);
    return 'registered';
  }

  async list(caller: DeviceKeyCaller, recipient: Recipient): Promise<StoredDeviceKey[] | typeof OWNED_ELSEWHERE> {
    const hash = this.hasher.hash(recipient.e164);
    const owner = await this.store.ownerOf(hash);
    if (owner !== undefined && owner !== caller.tenantId) {
      await this.announce(caller, hash, '', DeviceKeyAction.REFUSED, this.clock.now(), owner);
      return OWNED_ELSEWHERE;
    }
    return await this.store.list(hash);
  }

  /** 'not_found' when no key with this id was registered for the number. */
  async remove(caller: DeviceKeyCaller, recipient: Recipient, keyId: string): Promise<'removed' | 'not_found' | typeof OWNED_ELSEWHERE> {
    // No stored key has another shape, and Postgres refuses a NUL in text (a 500 before this).
    if (!isKeyId(keyId)) return 'not_found';
    const hash = this.hasher.hash(recipient.e164);
    const now = this.clock.now();
    const { owner, removed } = await this.store.remove(hash, caller.tenantId, keyId);
    if (owner !== undefined && owner !== caller.tenantId) {
      await this.announce(caller, hash, keyId, DeviceKeyAction.REFUSED, now, owner);
      return OWNED_ELSEWHERE;
    }
    if (!removed) return 'not_found';
    await this.invalidate(recipient);
    await this.announce(caller, hash, keyId, DeviceKeyAction.REMOVED, now);
    return 'removed';
  }

  /**
   * After the change committed, like routing's policy changes: a failed publish fails the request
   * (5xx), and the client's retry (PUT and DELETE are idempotent) announces it again.
   */
  private async announce(caller: DeviceKeyCaller, recipientHash: string, keyId: string, action: DeviceKeyAction, at: number, owner?: string): Promise<void> {
    const event = create(DeviceKeyChangedSchema, { tenantId: caller.tenantId, client: caller.client, recipientHash, keyId, action, changedAtMs: BigInt(at), ownerTenantId: owner ?? '' });
    await this.publisher.publish('deviceKeyChanged', event, { key: recipientHash, messageId: `devicekey:${recipientHash}:${keyId}:${action}:${caller.tenantId}:${at}` });
  }

  /** Redis down: lookups also compare the cached flag with the key table, so they stay correct. */
  private async invalidate(recipient: Recipient): Promise<void> {
    await this.cache.invalidate(recipient.e164).catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not drop the capability cache entry'));
  }
}
