import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { LinkStoreRejectedException, LinkStoreUnavailableException } from './secure-link.exception';

/** What POST /v1/links takes: ciphertext and its verifier only, never a key or plaintext. */
export interface CreateLinkRequest {
  readonly ciphertext: string;
  readonly algorithm: string;
  readonly accessVerifier: string;
  readonly keyMode: 'fragment' | 'passphrase' | 'code' | 'device';
  readonly ttlSeconds: number;
  readonly maxViews: number;
  readonly messageId: string;
}

export interface CreatedLink {
  readonly id: string;
  readonly url: string;
  readonly expiresAt: string;
}

/** Port: the ciphertext-only store (payload-store's link API). */
export abstract class LinkStore {
  /** undefined when no credential is configured for the tenant. */
  abstract create(tenantId: string, request: CreateLinkRequest): Promise<CreatedLink | undefined>;
}

/** LinkStore over HTTP, with the tenant's own key (payload-store authenticates per tenant). */
@Injectable()
export class HttpLinkStore extends LinkStore {
  constructor(@Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'PAYLOAD_STORE_URL' | 'PAYLOAD_STORE_API_KEYS' | 'PAYLOAD_STORE_TIMEOUT_MS'>) {
    super();
  }

  async create(tenantId: string, request: CreateLinkRequest): Promise<CreatedLink | undefined> {
    const key = this.config.PAYLOAD_STORE_API_KEYS.find((entry) => entry.tenantId === tenantId)?.key;
    if (!key) return undefined;
    let response: Response;
    try {
      response = await fetch(new URL('/v1/links', this.config.PAYLOAD_STORE_URL), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.config.PAYLOAD_STORE_TIMEOUT_MS),
      });
    } catch (error) {
      throw new LinkStoreUnavailableException(error instanceof Error ? error.message : String(error), error);
    }
    if (response.status === 201) return (await response.json()) as CreatedLink;
    await response.body?.cancel();
    if (response.status >= 500 || response.status === 429) throw new LinkStoreUnavailableException(`payload-store answered HTTP ${response.status}`);
    throw new LinkStoreRejectedException(response.status);
  }
}
