import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, ServiceUnavailableException, UseFilters, UseGuards } from '@nestjs/common';
import { AppException } from '@switchback/errors';
import { CONFIG, ProblemFilter } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { CapabilityApiKeyGuard } from './capability-api-key.guard';
import { BatchGetApi, CapabilityApi, LookupApi } from './capability.openapi';
import { CapabilityService } from './capability.service';
import { parseRecipient, type Recipient } from './e164';
import type { ResolvedCapability } from './resolved-capability';

export const MAX_BATCH = 100;

function invalid(detail: string): BadRequestException {
  return new BadRequestException({ type: 'about:blank', title: 'invalid_recipient', status: 400, detail });
}

/** Lookups for service callers only (CAPABILITY_API_KEYS): routing presents its key on each. */
@Controller('v1')
@UseGuards(CapabilityApiKeyGuard)
@UseFilters(ProblemFilter)
@CapabilityApi()
export class CapabilityController {
  constructor(
    private readonly capabilities: CapabilityService,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
  ) {}

  /** One number; `phoneNumber` is its canonical E.164 form (routing dispatches to that one). */
  @Get('capabilities/:e164')
  @LookupApi()
  async lookup(@Param('e164') e164: string): Promise<ResolvedCapability & { phoneNumber: string }> {
    const recipient = this.recipient(e164);
    return { phoneNumber: recipient.e164, ...(await this.resolve(recipient)) };
  }

  /** Google-style custom method: up to 100 numbers in one call, answered in request order. */
  @Post('capabilities\\:batchGet')
  @HttpCode(200)
  @BatchGetApi()
  async batchGet(@Body() body: unknown): Promise<{ capabilities: (ResolvedCapability & { phoneNumber: string })[] }> {
    const numbers = (body as { phoneNumbers?: unknown } | undefined)?.phoneNumbers;
    if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_BATCH) {
      throw new BadRequestException({ type: 'about:blank', title: 'invalid_batch', status: 400, detail: `phoneNumbers must be an array of 1 to ${MAX_BATCH} numbers` });
    }
    const recipients = numbers.map((value: unknown) => this.recipient(typeof value === 'string' ? value : ''));
    const capabilities = await Promise.all(recipients.map(async (recipient) => ({ phoneNumber: recipient.e164, ...(await this.resolve(recipient)) })));
    return { capabilities };
  }

  /** A retriable failure (pins unreachable) is a 503 the caller may retry, not a bare 500. */
  private async resolve(recipient: Recipient): Promise<ResolvedCapability> {
    try {
      return await this.capabilities.resolve(recipient);
    } catch (error) {
      if (error instanceof AppException && error.retriable) throw new ServiceUnavailableException({ type: 'about:blank', title: error.code, status: 503, detail: 'capability lookup failed; retry later' }, { cause: error });
      throw error;
    }
  }

  private recipient(value: string): Recipient {
    const recipient = parseRecipient(value, this.config.RECIPIENT_VALIDATION);
    if (!recipient) throw invalid('expected an international phone number such as +447700900123');
    return recipient;
  }
}
