import { Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@switchback/health';
import { SmppClient } from './smpp-client';

/** Ready while at least one bind of the connector is up; the message says how many. */
@Injectable()
export class SmppCheck implements DependencyCheck {
  readonly name = 'smsc';
  constructor(private readonly client: SmppClient) {}
  async check(): Promise<void> {
    if (this.client.boundCount === 0) throw new Error(`0/${this.client.bindCount} binds up`);
  }
}
