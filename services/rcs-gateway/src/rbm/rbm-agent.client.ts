import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { RbmRejectedException, RbmUnavailableException } from './rbm.exception';

export type RbmSendResult = 'accepted' | 'not_reachable';

/**
 * RBM-style agentMessages client. Our message id is the RBM messageId, so a retried POST is
 * ignored by the hub as a duplicate instead of reaching the phone twice.
 */
@Injectable()
export class RbmAgentClient {
  constructor(@Inject(CONFIG) private readonly config: RcsGatewayConfig) {}

  async send(phone: string, messageId: string, text: string, ttlSeconds: number): Promise<RbmSendResult> {
    const url = `${this.config.HUB_BASE_URL}/v1/phones/${encodeURIComponent(phone)}/agentMessages?messageId=${encodeURIComponent(messageId)}`;
    const body = JSON.stringify({ contentMessage: { text }, ...(ttlSeconds > 0 ? { ttl: `${ttlSeconds}s` } : {}) });
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(this.config.HTTP_CLIENT_TIMEOUT_MS) });
    } catch (error) {
      throw new RbmUnavailableException(error instanceof Error ? error.name : 'network error');
    }
    if (response.ok) return 'accepted';
    if (response.status === 404) return 'not_reachable';
    if (response.status === 429 || response.status >= 500) throw new RbmUnavailableException(`http ${response.status}`);
    throw new RbmRejectedException(response.status);
  }
}
