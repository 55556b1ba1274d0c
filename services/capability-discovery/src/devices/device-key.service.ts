import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, type SleepingClock } from '@switchback/runtime';
import { CapabilityCache } from '../capability/capability-cache';
import type { Recipient } from '../capability/e164';
import { DeviceKeyStore, type StoredDeviceKey } from './device-key.store';
import type { DeviceKeyInput } from './device-key.validation';

/**
 * Registers and removes a number's in-app E2EE device keys (stored by the number's keyed hash)
 * and drops its capability cache entry on every change, so the next lookup sees it.
 */
@Injectable()
export class DeviceKeyService {
  private readonly logger = new Logger(DeviceKeyService.name);

  constructor(
    private readonly store: DeviceKeyStore,
    private readonly cache: CapabilityCache,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: SleepingClock,
  ) {}

  async register(recipient: Recipient, key: DeviceKeyInput): Promise<void> {
    await this.store.put(this.hasher.hash(recipient.e164), key, new Date(this.clock.now()));
    await this.invalidate(recipient);
  }

  async list(recipient: Recipient): Promise<StoredDeviceKey[]> {
    return await this.store.list(this.hasher.hash(recipient.e164));
  }

  /** false when no key with this id was registered for the number. */
  async remove(recipient: Recipient, keyId: string): Promise<boolean> {
    const removed = await this.store.remove(this.hasher.hash(recipient.e164), keyId);
    if (removed) await this.invalidate(recipient);
    return removed;
  }

  /** Redis down: lookups also compare the cached flag with the key table, so they stay correct. */
  private async invalidate(recipient: Recipient): Promise<void> {
    await this.cache.invalidate(recipient.e164).catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not drop the capability cache entry'));
  }
}
