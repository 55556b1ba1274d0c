import { Module } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { HeldMessageRepository } from './held-message.repository';
import { HoldCipher } from './hold-cipher';
import { HoldStore } from './hold.store';

const holdCipherProvider = {
  provide: HoldCipher,
  inject: [CONFIG],
  useFactory: (config: Pick<RoutingConfig, 'HOLD_ENCRYPTION_KEY' | 'HOLD_ENCRYPTION_KEY_ID' | 'HOLD_PREVIOUS_KEYS'>) =>
    new HoldCipher({ id: config.HOLD_ENCRYPTION_KEY_ID, key: config.HOLD_ENCRYPTION_KEY }, config.HOLD_PREVIOUS_KEYS),
};

/** Blocked sends held encrypted: the store and the cipher (the override and expiry are HoldReleaseModule). Needs DataSource. */
@Module({
  providers: [HeldMessageRepository, HoldStore, holdCipherProvider],
  exports: [HoldStore, HoldCipher, HeldMessageRepository],
})
export class HoldModule {}
