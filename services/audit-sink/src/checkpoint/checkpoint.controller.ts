import { Controller, Get, HttpCode, NotFoundException, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ProblemFilter } from '@switchback/runtime';
import type { CheckpointWire } from '@switchback/audit-format';
import { CheckpointsApi, CreateCheckpointApi, LatestCheckpointApi } from './checkpoint.openapi';
import { CheckpointService } from './checkpoint.service';
import { OperatorTokenGuard } from './operator-token.guard';

/**
 * The latest signed checkpoint, for witnesses outside the database; POST makes one now (each
 * costs a signature and a row). Operators only (AUDIT_OPERATOR_TOKENS).
 */
@Controller('v1/audit/checkpoints')
@UseGuards(OperatorTokenGuard)
@UseFilters(ProblemFilter)
@CheckpointsApi()
export class CheckpointController {
  constructor(private readonly checkpoints: CheckpointService) {}

  @Get('latest')
  @LatestCheckpointApi()
  async latest(): Promise<CheckpointWire> {
    const latest = await this.checkpoints.latest();
    if (!latest) throw new NotFoundException('no checkpoint yet');
    return latest;
  }

  @Post()
  @HttpCode(200)
  @CreateCheckpointApi()
  async create(): Promise<CheckpointWire> {
    const made = await this.checkpoints.checkpoint();
    if (!made) throw new NotFoundException('the audit log is empty');
    return made;
  }
}
