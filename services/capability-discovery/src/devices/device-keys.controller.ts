import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Put, UseGuards } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { parseRecipient, type Recipient } from '../capability/e164';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { DeviceKeyTokenGuard } from './device-key-token.guard';
import { DeviceKeyService } from './device-key.service';
import { validateDeviceKey, type DeviceKeyAlgorithm } from './device-key.validation';

export interface DeviceKeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly algorithm: DeviceKeyAlgorithm;
  readonly createdAt: string;
}

/** In-app E2EE device keys: a registered key makes the number's `inappE2ee` true. */
@Controller('v1/devices')
@UseGuards(DeviceKeyTokenGuard)
export class DeviceKeysController {
  constructor(
    private readonly keys: DeviceKeyService,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
  ) {}

  @Put(':e164/keys')
  @HttpCode(204)
  async put(@Param('e164') e164: string, @Body() body: unknown): Promise<void> {
    const recipient = this.recipient(e164);
    const checked = validateDeviceKey(body);
    if (!checked.ok) throw new BadRequestException({ type: 'about:blank', title: 'invalid_device_key', status: 400, detail: checked.detail, field: checked.field });
    await this.keys.register(recipient, checked.key);
  }

  @Get(':e164/keys')
  async list(@Param('e164') e164: string): Promise<{ keys: DeviceKeyView[] }> {
    const keys = await this.keys.list(this.recipient(e164));
    return { keys: keys.map((key) => ({ keyId: key.keyId, publicKey: key.publicKey, algorithm: key.algorithm, createdAt: key.createdAt.toISOString() })) };
  }

  @Delete(':e164/keys/:keyId')
  @HttpCode(204)
  async remove(@Param('e164') e164: string, @Param('keyId') keyId: string): Promise<void> {
    if (!(await this.keys.remove(this.recipient(e164), keyId))) {
      throw new NotFoundException({ type: 'about:blank', title: 'device_key_not_found', status: 404, detail: 'no key with this keyId is registered for the number' });
    }
  }

  private recipient(value: string): Recipient {
    const recipient = parseRecipient(value, this.config.RECIPIENT_VALIDATION);
    if (!recipient) throw new BadRequestException({ type: 'about:blank', title: 'invalid_recipient', status: 400, detail: 'expected an international phone number such as +447700900123' });
    return recipient;
  }
}
