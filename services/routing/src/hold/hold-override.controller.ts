import { Body, Controller, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { OverrideApi, OverrideMessageApi } from '../policy/admin.openapi';
import { AdminTokenGuard, assertAdminScope, unauthorized, type AdminRequest } from '../policy/admin-token.guard';
import { problemType, ProblemException, ProblemFilter } from '@switchback/runtime';
import { HoldOverrideService, type OverrideResult } from './hold-override.service';
import { overrideBody } from './override-request';
import { HoldKeyUnavailableException, HoldOverrideException, type OverrideRefusal } from './hold.exception';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

const REFUSALS: Readonly<Record<OverrideRefusal, { status: number; title: string }>> = {
  not_found: { status: 404, title: 'No such held message' },
  released: { status: 409, title: 'Already released' },
  no_channel: { status: 409, title: 'No channel allowed' },
  expired: { status: 410, title: 'Hold expired' },
};

/** An admin releases a blocked message: `POST /v1/messages/:id/override`. */
@Controller('v1/messages/:id/override')
@UseGuards(AdminTokenGuard)
@UseFilters(ProblemFilter)
@OverrideApi()
export class HoldOverrideController {
  constructor(private readonly overrides: HoldOverrideService) {}

  @Post()
  @HttpCode(200)
  @OverrideMessageApi()
  async override(@Param('id') id: string, @Body() body: unknown, @Req() request: AdminRequest): Promise<OverrideResult> {
    const parsed = overrideBody.safeParse(body ?? {});
    const errors = parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message })); // zod's text for an unknown key quotes it
    if (!ID.test(id)) errors.push({ field: 'id', message: 'letters, digits, . _ : - (1 to 128)' });
    if (!parsed.success || errors.length > 0) {
      throw new ProblemException({ type: problemType('invalid-override'), title: 'Invalid override', status: 400, errors });
    }
    // The guard sets the actor; without one nothing is released (fail closed).
    if (!request.actor) throw unauthorized();
    // A tenant-scoped token releases its own tenant's holds only.
    assertAdminScope(request, parsed.data.tenantId);
    try {
      return await this.overrides.override({ tenantId: parsed.data.tenantId, messageId: id, actor: request.actor, reason: parsed.data.reason });
    } catch (error) {
      // Sealed under a key this instance does not hold (rotated away): nothing was released.
      if (error instanceof HoldKeyUnavailableException) {
        throw new ProblemException({ type: problemType('hold-key-unavailable'), title: 'Hold key unavailable', status: 503, detail: 'the key this message was sealed with is not configured' });
      }
      if (!(error instanceof HoldOverrideException)) throw error;
      const { status, title } = REFUSALS[error.refusal];
      throw new ProblemException({ type: problemType(error.refusal.replace(/_/g, '-')), title, status, detail: error.message });
    }
  }
}
