import { Inject, Injectable } from '@nestjs/common';
import { fetchWithRbmAuth, RBM_AUTHORIZER, RbmAuthError, type RbmAuthorizer } from '@switchback/rbm-auth';
import { CONFIG } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import type { AgentContent } from './rbm-content';

/** Where a call goes: one hub connection of RBM_HUBS (or HUB_BASE_URL). */
export interface RbmHubTarget {
  readonly baseUrl: string;
  readonly agentId: string;
}
import { classifyAuthError, classifyRevokeStatus, classifySendStatus, classifyTransportError, type RbmRevokeResult, type RbmVerdict } from './rbm-error.table';
import { RbmRejectedException, RbmUnavailableException } from './rbm.exception';
import { parseRetryAfter } from './retry-after';

export interface RbmSendRequest {
  readonly phone: string;
  /** A UUID (RBM requires one); the same for every attempt of a leg. */
  readonly messageId: string;
  readonly content: AgentContent;
  readonly expiry: { readonly ttl?: string };
}

interface HubAnswer {
  readonly status: number;
  readonly retryAfterMs: number | undefined;
}

/**
 * RBM-style agentMessages client: one bounded HTTP call per method (HTTP_CLIENT_TIMEOUT_MS),
 * with the agent's OAuth token, answers classified by the error table. No retries here (the bus
 * owns them), except the one call again with a fresh token after a 401.
 */
@Injectable()
export class RbmAgentClient {
  constructor(
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
    @Inject(RBM_AUTHORIZER) private readonly authorizer: RbmAuthorizer,
  ) {}

  async send(hub: RbmHubTarget, request: RbmSendRequest): Promise<RbmVerdict> {
    const query = new URLSearchParams({ messageId: request.messageId, agentId: hub.agentId });
    const body = JSON.stringify({ contentMessage: request.content, ...request.expiry });
    try {
      const answer = await this.call('POST', `${this.phonePath(hub, request.phone)}/agentMessages?${query}`, body);
      return classifySendStatus(answer.status, answer.retryAfterMs);
    } catch (error) {
      return error instanceof RbmAuthError ? classifyAuthError(error) : classifyTransportError(error);
    }
  }

  /** DELETE .../agentMessages/{id}: revoked, or already delivered (404); throws otherwise. */
  async revoke(hub: RbmHubTarget, phone: string, messageId: string): Promise<RbmRevokeResult> {
    const query = new URLSearchParams({ agentId: hub.agentId });
    let answer: HubAnswer;
    try {
      answer = await this.call('DELETE', `${this.phonePath(hub, phone)}/agentMessages/${encodeURIComponent(messageId)}?${query}`);
    } catch (error) {
      if (error instanceof RbmAuthError && error.kind === 'refused') throw new RbmRejectedException(error.code);
      throw new RbmUnavailableException(error instanceof RbmAuthError ? error.code : classifyTransportError(error).reason);
    }
    const verdict = classifyRevokeStatus(answer.status, answer.retryAfterMs);
    if ('result' in verdict) return verdict.result;
    if (verdict.kind === 'retriable') throw new RbmUnavailableException(verdict.reason, verdict.retryAfterMs);
    throw new RbmRejectedException(verdict.reason);
  }

  private phonePath(hub: RbmHubTarget, phone: string): string {
    return `${hub.baseUrl}/v1/phones/${encodeURIComponent(phone)}`;
  }

  private async call(method: 'POST' | 'DELETE', url: string, body?: string): Promise<HubAnswer> {
    const response = await fetchWithRbmAuth(this.authorizer, url, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(this.config.HTTP_CLIENT_TIMEOUT_MS),
    });
    // Drain the body (within the same timeout) so the connection goes back to the pool.
    await response.arrayBuffer();
    return { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()) };
  }
}
