import { BadRequestException, Body, Controller, Delete, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Put, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CONFIG, ProblemFilter } from '@switchback/runtime';
import { DeviceKeysApi, ListDeviceKeysApi, PutDeviceKeyApi, RemoveDeviceKeyApi } from '../capability/capability.openapi';
import { parseRecipient, type Recipient } from '../capability/e164';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { DeviceKeyTokenGuard, type DeviceKeyCaller, type DeviceKeyRequest } from './device-key-token.guard';
import { DeviceKeyService, OWNED_ELSEWHERE } from './device-key.service';
import { validateDeviceKey, type DeviceKeyAlgorithm } from './device-key.validation';

export interface DeviceKeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly algorithm: DeviceKeyAlgorithm;
  readonly createdAt: string;
}

const ownedElsewhere = (): ForbiddenException =>
  new ForbiddenException({ type: 'about:blank', title: 'number_owned_by_another_tenant', status: 403, detail: 'the device keys of this number are registered by another tenant' });

/** In-app E2EE device keys: a registered key makes the number's `inappE2ee` true. */
@Controller('v1/devices')
@UseGuards(DeviceKeyTokenGuard)
@UseFilters(ProblemFilter)
@DeviceKeysApi()
export class DeviceKeysController {
  constructor(
    private readonly keys: DeviceKeyService,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
  ) {}

  @Put(':e164/keys')
  @HttpCode(204)
  @PutDeviceKeyApi()
  async put(@Param('e164') e164: string, @Body() body: unknown, @Req() request: DeviceKeyRequest): Promise<void> {
    const recipient = this.recipient(e164);
    const checked = validateDeviceKey(body);
    if (!checked.ok) throw new BadRequestException({ type: 'about:blank', title: 'invalid_device_key', status: 400, detail: checked.detail, field: checked.field });
    if ((await this.keys.register(callerOf(request), recipient, checked.key)) === OWNED_ELSEWHERE) throw ownedElsewhere();
  }

  @Get(':e164/keys')
  @ListDeviceKeysApi()
  async list(@Param('e164') e164: string, @Req() request: DeviceKeyRequest): Promise<{ keys: DeviceKeyView[] }> {
    const keys = await this.keys.list(callerOf(request), this.recipient(e164));
    if (keys === OWNED_ELSEWHERE) throw ownedElsewhere();
    return { keys: keys.map((key) => ({ keyId: key.keyId, publicKey: key.publicKey, algorithm: key.algorithm, createdAt: key.createdAt.toISOString() })) };
  }

  @Delete(':e164/keys/:keyId')
  @HttpCode(204)
  @RemoveDeviceKeyApi()
  async remove(@Param('e164') e164: string, @Param('keyId') keyId: string, @Req() request: DeviceKeyRequest): Promise<void> {
    const result = await this.keys.remove(callerOf(request), this.recipient(e164), keyId);
    if (result === OWNED_ELSEWHERE) throw ownedElsewhere();
    if (result === 'not_found') {
      throw new NotFoundException({ type: 'about:blank', title: 'device_key_not_found', status: 404, detail: 'no key with this keyId is registered for the number' });
    }
  }

  private recipient(value: string): Recipient {
    const recipient = parseRecipient(value, this.config.RECIPIENT_VALIDATION);
    if (!recipient) throw new BadRequestException({ type: 'about:blank', title: 'invalid_recipient', status: 400, detail: 'expected an international phone number such as +447700900123' });
    return recipient;
  }
}

/** The guard records the caller; a request without one never reaches a key (fail closed). */
function callerOf(request: DeviceKeyRequest): DeviceKeyCaller {
  if (!request.deviceKeyCaller) throw new ForbiddenException({ type: 'about:blank', title: 'forbidden', status: 403 });
  return request.deviceKeyCaller;
}
