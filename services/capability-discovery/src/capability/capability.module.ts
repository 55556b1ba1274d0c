import { rbmAuthorizerProvider } from '@switchback/rbm-auth';
import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { DeviceKeyTokenGuard } from '../devices/device-key-token.guard';
import { DeviceKeyService } from '../devices/device-key.service';
import { DeviceKeyStore } from '../devices/device-key.store';
import { DeviceKeysController } from '../devices/device-keys.controller';
import { CapabilityHistoryRetention } from '../pinning/capability-history.retention';
import { CapabilityPinning } from '../pinning/capability-pinning';
import { PinStore } from '../pinning/pin-store';
import { TypeOrmPinStore } from '../pinning/typeorm-pin-store';
import { CapabilityApiKeyGuard } from './capability-api-key.guard';
import { CapabilityCache } from './capability-cache';
import { CapabilityController } from './capability.controller';
import { CapabilityService } from './capability.service';
import { RbmHubClient } from './rbm-hub.client';
import { UpHubClient } from './up-hub.client';

@Module({
  controllers: [CapabilityController, DeviceKeysController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: PinStore, useClass: TypeOrmPinStore },
    CapabilityCache,
    CapabilityPinning,
    CapabilityHistoryRetention,
    CapabilityService,
    rbmAuthorizerProvider,
    RbmHubClient,
    UpHubClient,
    DeviceKeyStore,
    DeviceKeyService,
    DeviceKeyTokenGuard,
    CapabilityApiKeyGuard,
  ],
  exports: [CapabilityService],
})
export class CapabilityModule {}
