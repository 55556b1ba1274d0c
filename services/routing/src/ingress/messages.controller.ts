import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { MessageLedger, type MessageView } from '../messages/message-ledger';
import { ProblemFilter } from '@switchback/runtime';
import { DryRunApi, FindMessageApi, MessagesApi, SubmitMessageApi } from './messages.openapi';
import { DryRunService, type DryRunAnswer } from './dry-run.service';
import type { AcceptedResponse } from './idempotency.store';
import { messageNotFound, tenantUnauthorized } from './ingress-problems';
import { parseIdempotencyKey, parseMessageRequest } from './message-request';
import { SubmitMessageService } from './submit-message.service';
import { TenantKeyGuard, type TenantRequest } from './tenant-key.guard';

const tenantOf = (request: TenantRequest): string => {
  // The guard sets the tenant; a request without one never goes further (fail closed).
  if (!request.tenantId) throw tenantUnauthorized();
  return request.tenantId;
};

/** Producer ingress: submit a message, route one on paper, or look one up. */
@Controller('v1')
@MessagesApi()
@UseGuards(TenantKeyGuard)
@UseFilters(ProblemFilter)
export class MessagesController {
  constructor(
    private readonly submitter: SubmitMessageService,
    private readonly dryRunner: DryRunService,
    private readonly ledger: MessageLedger,
  ) {}

  @Post('messages')
  @HttpCode(202)
  @SubmitMessageApi()
  submit(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Req() request: TenantRequest): Promise<AcceptedResponse> {
    const tenantId = tenantOf(request);
    const message = parseMessageRequest(body);
    return this.submitter.submit(tenantId, parseIdempotencyKey(key), message);
  }

  @Post('messages\\:dryRun')
  @HttpCode(200)
  @DryRunApi()
  dryRun(@Body() body: unknown, @Req() request: TenantRequest): Promise<DryRunAnswer> {
    return this.dryRunner.dryRun(tenantOf(request), parseMessageRequest(body));
  }

  @Get('messages/:id')
  @FindMessageApi()
  async find(@Param('id') id: string, @Req() request: TenantRequest): Promise<MessageView> {
    // No stored id is longer, and Postgres refuses a NUL in text (a 500 before this check).
    const view = id.length <= 128 && !id.includes('\u0000') ? await this.ledger.find(tenantOf(request), id) : undefined;
    if (!view) throw messageNotFound();
    return view;
  }
}
