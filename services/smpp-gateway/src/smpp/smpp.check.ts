import { Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@switchback/health';
import { SmppConnection } from './smpp-connection';

@Injectable()
export class SmppCheck implements DependencyCheck {
  readonly name = 'smsc';
  constructor(private readonly connection: SmppConnection) {}
  async check(): Promise<void> {
    if (!this.connection.isBound) throw new Error('not bound');
  }
}
