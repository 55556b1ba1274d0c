import { Body, Controller, Headers, HttpCode, Inject, Post, UnauthorizedException, BadRequestException } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { validRbmSignature } from '../rbm/rbm-signature';
import { RbmEventService, type RbmEvent } from './rbm-event.service';

interface PubSubPush {
  message?: { data?: string };
  clientToken?: string;
  secret?: string;
}

/**
 * Receives RBM webhooks. Answers fast (RBM retries anything but 200 for days), rejects bad
 * signatures, and answers the setup handshake with the secret as plain text.
 */
@Controller('v1/rbm')
export class RbmWebhookController {
  constructor(
    private readonly events: RbmEventService,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  async receive(@Body() body: PubSubPush, @Headers('x-goog-signature') signature: string | undefined): Promise<string> {
    if (body.clientToken !== undefined && body.secret !== undefined) {
      if (body.clientToken !== this.config.RBM_CLIENT_TOKEN) throw new UnauthorizedException({ title: 'invalid_client_token' });
      return body.secret;
    }
    if (typeof body.message?.data !== 'string') throw new BadRequestException({ title: 'not_a_pubsub_push', detail: 'message.data is required' });
    const data = Buffer.from(body.message.data, 'base64');
    if (!validRbmSignature(this.config.RBM_CLIENT_TOKEN, data, signature)) throw new UnauthorizedException({ title: 'invalid_signature' });
    let event: RbmEvent;
    try {
      event = JSON.parse(data.toString('utf8')) as RbmEvent;
    } catch {
      throw new BadRequestException({ title: 'invalid_event', detail: 'message.data is not JSON' });
    }
    await this.events.handle(event);
    return '';
  }
}
