import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CLOCK, CONFIG, type Clock, ProblemException, ProblemFilter, problemType } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';
import { ENDPOINT_ID, parseEndpointRequest, parseRotateRequest } from './endpoint-request';
import { TargetPolicy } from './target-policy';
import { TenantKeyGuard, type TenantRequest } from './tenant-key.guard';
import type { WebhookEndpointView } from './webhook-endpoint';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

const notFound = (): ProblemException => new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: 404, detail: 'no such webhook endpoint' });

/** A tenant's status-callback endpoints: register or replace, list, delete, rotate the signing secret. */
@Controller('v1/webhooks')
@UseGuards(TenantKeyGuard)
@UseFilters(ProblemFilter)
export class WebhooksController {
  private readonly rules: { development: boolean; policy: TargetPolicy };

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    @Inject(CONFIG) private readonly config: Pick<WebhookDispatcherConfig, 'WEBHOOK_ENVIRONMENT' | 'WEBHOOK_ALLOWED_TARGETS' | 'WEBHOOK_MAX_ENDPOINTS'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.rules = { development: config.WEBHOOK_ENVIRONMENT === 'development', policy: new TargetPolicy(config.WEBHOOK_ALLOWED_TARGETS) };
  }

  @Get()
  async list(@Req() request: TenantRequest): Promise<{ endpoints: WebhookEndpointView[] }> {
    return { endpoints: await this.endpoints.list(tenantOf(request)) };
  }

  @Get(':id')
  async get(@Req() request: TenantRequest, @Param('id') id: string): Promise<WebhookEndpointView> {
    return (await this.endpoints.get(tenantOf(request), checkedId(id))) ?? Promise.reject(notFound());
  }

  /** 201 with the signing secret (shown once) when created; 200 without it when replaced. */
  @Put(':id')
  async put(@Req() request: TenantRequest, @Res({ passthrough: true }) response: { status(code: number): unknown }, @Param('id') id: string, @Body() body: unknown): Promise<WebhookEndpointView & { secret?: string }> {
    const parsed = parseEndpointRequest(body, this.rules);
    const saved = await this.endpoints.put(tenantOf(request), checkedId(id), parsed.url, parsed.eventTypes, new Date(this.clock.now()), this.config.WEBHOOK_MAX_ENDPOINTS);
    if (!saved) throw new ProblemException({ type: problemType('too-many-webhook-endpoints'), title: 'Too many webhook endpoints', status: 409, detail: `at most ${this.config.WEBHOOK_MAX_ENDPOINTS} per tenant` });
    response.status(saved.secret ? 201 : 200);
    return saved.secret ? { ...saved.endpoint, secret: saved.secret } : saved.endpoint;
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Req() request: TenantRequest, @Param('id') id: string): Promise<void> {
    if (!(await this.endpoints.delete(tenantOf(request), checkedId(id)))) throw notFound();
  }

  /** A new secret; the old one keeps signing beside it for `overlapSeconds` (default one day). */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  async rotate(@Req() request: TenantRequest, @Param('id') id: string, @Body() body: unknown): Promise<{ secret: string; previousSecretUntil: string }> {
    const { overlapSeconds } = parseRotateRequest(body);
    const now = this.clock.now();
    const until = new Date(now + overlapSeconds * 1000);
    const secret = await this.endpoints.rotate(tenantOf(request), checkedId(id), until, new Date(now));
    if (!secret) throw notFound();
    return { secret, previousSecretUntil: until.toISOString() };
  }
}

const tenantOf = (request: TenantRequest): string => request.tenantId ?? '';

function checkedId(id: string): string {
  if (!ENDPOINT_ID.test(id)) throw new ProblemException({ type: problemType('invalid-webhook-endpoint'), title: 'Invalid webhook endpoint', status: 400, detail: 'the endpoint id is 1 to 64 letters, digits, _ or -' });
  return id;
}
