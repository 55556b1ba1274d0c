import { Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import type { CheckpointWire } from '@switchback/audit-format';
import { CheckpointService } from './checkpoint.service';

/** The latest signed checkpoint, for witnesses outside the database; POST makes one now. */
@Controller('v1/audit/checkpoints')
export class CheckpointController {
  constructor(private readonly checkpoints: CheckpointService) {}

  @Get('latest')
  async latest(): Promise<CheckpointWire> {
    const latest = await this.checkpoints.latest();
    if (!latest) throw new NotFoundException('no checkpoint yet');
    return latest;
  }

  @Post()
  @HttpCode(200)
  async create(): Promise<CheckpointWire> {
    const made = await this.checkpoints.checkpoint();
    if (!made) throw new NotFoundException('the audit log is empty');
    return made;
  }
}
