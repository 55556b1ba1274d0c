import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { LinkRateLimits } from '../rate-limit/link-rate-limits';
import { LinkApiKeyGuard, type TenantRequest } from './link-api-key.guard';
import { isLinkId } from './link-id';
import { linkNotAvailable, linkUnauthorized } from './link-problems';
import { parseClaim, parseClaimSecret, parseCreateLink, type LinkLimits } from './link-request';
import { ClaimLinkApi, CreateLinkApi, DescribeLinkApi, LinksApi, RevokeLinkApi } from './links.openapi';
import { LinksService, type ClaimedLink, type CreatedLink, type LinkView } from './links.service';

interface ClientRequest extends TenantRequest {
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string };
}

const tenantOf = (request: TenantRequest): string => {
  // The guard sets the tenant; a request without one never goes further (fail closed).
  if (!request.tenantId) throw linkUnauthorized();
  return request.tenantId;
};

/** The client's address: Express's `ip`, which honours X-Forwarded-For only from TRUST_PROXY peers. */
const clientAddress = (request: ClientRequest): string => request.ip ?? request.socket?.remoteAddress ?? 'unknown';

/**
 * The link API. Creators (services, bearer key per tenant) create, inspect and revoke;
 * recipients (no key) claim with the claim secret. Errors are problem documents (LinkProblemFilter).
 */
@Controller('v1/links')
@LinksApi()
export class LinksController {
  private readonly limits: LinkLimits;

  constructor(
    private readonly links: LinksService,
    private readonly rateLimits: LinkRateLimits,
    private readonly apiKeys: LinkApiKeyGuard,
    @Inject(CONFIG) config: PayloadStoreConfig,
  ) {
    this.limits = {
      maxCiphertextBytes: config.LINK_MAX_CIPHERTEXT_BYTES,
      defaultTtlSeconds: config.LINK_DEFAULT_TTL_SECONDS,
      maxTtlSeconds: config.LINK_MAX_TTL_SECONDS,
      maxViews: config.LINK_MAX_VIEWS,
    };
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @HttpCode(201)
  @UseGuards(LinkApiKeyGuard)
  @CreateLinkApi()
  async create(@Body() body: unknown, @Req() request: TenantRequest): Promise<CreatedLink> {
    const tenantId = tenantOf(request);
    await this.rateLimits.create(tenantId);
    return this.links.create(tenantId, parseCreateLink(body, this.limits));
  }

  @Post(':id/claim')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  @ClaimLinkApi()
  async claim(@Param('id') id: string, @Body() body: unknown, @Req() request: ClientRequest): Promise<ClaimedLink> {
    const claimSecret = parseClaim(body);
    if (!isLinkId(id)) throw linkNotAvailable();
    await this.rateLimits.claim(clientAddress(request), id);
    const claimed = await this.links.claim(id, claimSecret);
    if (!claimed) throw linkNotAvailable();
    return claimed;
  }

  @Delete(':id')
  @Header('Cache-Control', 'no-store')
  @HttpCode(204)
  @RevokeLinkApi()
  async revoke(@Param('id') id: string, @Body() body: unknown, @Headers('x-claim-secret') header: string | undefined, @Req() request: ClientRequest): Promise<void> {
    const authorization = request.headers['authorization'];
    const tenantId = authorization === undefined ? undefined : this.apiKeys.tenantOf(authorization);
    // A key that was sent but is wrong is a caller's bug worth naming; no key is a holder.
    if (authorization !== undefined && !tenantId) throw linkUnauthorized();
    const claimSecret = parseClaimSecret(body, header);
    if (!isLinkId(id) || (!tenantId && !claimSecret)) throw linkNotAvailable();
    if (!tenantId) await this.rateLimits.claim(clientAddress(request), id);
    if (!(await this.links.revoke(id, { tenantId, claimSecret }))) throw linkNotAvailable();
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @UseGuards(LinkApiKeyGuard)
  @DescribeLinkApi()
  async describe(@Param('id') id: string, @Req() request: TenantRequest): Promise<LinkView> {
    const view = isLinkId(id) ? await this.links.describe(id, tenantOf(request)) : undefined;
    if (!view) throw linkNotAvailable();
    return view;
  }
}
