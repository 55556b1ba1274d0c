import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { CapabilityService } from './capability.service';
import { isE164 } from './e164';
import type { ResolvedCapability } from './resolved-capability';

@Controller('v1/capabilities')
export class CapabilityController {
  constructor(private readonly capabilities: CapabilityService) {}

  @Get(':e164')
  lookup(@Param('e164') e164: string): Promise<ResolvedCapability> {
    if (!isE164(e164)) throw new BadRequestException({ type: 'about:blank', title: 'invalid_recipient', detail: 'expected an E.164 number such as +447700900123' });
    return this.capabilities.resolve(e164);
  }
}
