import { EventEmitter } from 'node:events';
import { waitForMatch } from '@switchback/simulator-support';

/** A message the SMSC accepted: one submit_sm, or all parts of a concatenated one. */
export interface SmscMessage {
  /** The submit_sm_resp message_id (of the first part, for concatenated messages). */
  readonly id: string;
  /** submit_sm_resp ids of every part, in sequence order. */
  readonly partIds: readonly string[];
  readonly source: string;
  readonly destination: string;
  readonly dataCoding: number;
  /** Decoded text (a simulator may show it; logs never do). Hex for binary data codings. */
  readonly text: string;
  readonly binary: boolean;
  readonly parts: number;
  readonly registeredDelivery: number;
  readonly receivedAt: string;
}

/** Messages in arrival order; announces each so tests can wait without polling. */
export class SmscMessageStore {
  private readonly messages: SmscMessage[] = [];
  private readonly added = new EventEmitter().setMaxListeners(0);

  add(message: SmscMessage): void {
    this.messages.push(message);
    this.added.emit('message', message);
  }

  list(): SmscMessage[] {
    return [...this.messages];
  }

  waitFor(predicate: (message: SmscMessage) => boolean, timeoutMs: number): Promise<SmscMessage> {
    return waitForMatch(this.added, 'message', this.messages, predicate, timeoutMs, 'SMSC message');
  }
}
