import { Body, Controller, Header, Headers, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { CONFIG, problem, ProblemFilter } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { sameSecret, validRbmSignature } from '../rbm/rbm-signature';
import { RbmWebhookApi, ReceiveRbmWebhookApi } from './rbm-webhook.openapi';
import { RbmEventService, type RbmEvent } from './rbm-event.service';

interface PubSubPush {
  message?: { data?: unknown; messageId?: unknown; publishTime?: unknown };
  subscription?: unknown;
  clientToken?: unknown;
  secret?: unknown;
}

/**
 * Receives RBM webhooks (Pub/Sub push shape). Answers fast: RBM retries anything but 200 for
 * days, so we verify, publish the outcome and return. Bad signatures get a 401 problem and
 * nothing is emitted; the setup handshake is answered with the secret as plain text.
 */
@Controller('v1/rbm')
@UseFilters(ProblemFilter)
@RbmWebhookApi()
export class RbmWebhookController {
  constructor(
    private readonly events: RbmEventService,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ReceiveRbmWebhookApi()
  async receive(@Body() body: PubSubPush | undefined, @Headers('x-goog-signature') signature: string | undefined): Promise<string> {
    if (typeof body?.clientToken === 'string' && typeof body.secret === 'string') {
      if (!sameSecret(body.clientToken, this.config.RBM_CLIENT_TOKEN)) throw problem(401, 'invalid-client-token', 'Unauthorized', 'the clientToken is not this agent\'s');
      return body.secret;
    }
    const encoded = body?.message?.data;
    if (typeof encoded !== 'string') throw problem(400, 'not-a-pubsub-push', 'Bad Request', 'message.data is required');
    const data = Buffer.from(encoded, 'base64');
    if (!validRbmSignature(this.config.RBM_CLIENT_TOKEN, data, signature)) throw problem(401, 'invalid-signature', 'Unauthorized', 'X-Goog-Signature does not match');
    let event: RbmEvent;
    try {
      event = JSON.parse(data.toString('utf8')) as RbmEvent;
    } catch {
      throw problem(400, 'invalid-event', 'Bad Request', 'message.data is not JSON');
    }
    await this.events.handle(event);
    return '';
  }
}
