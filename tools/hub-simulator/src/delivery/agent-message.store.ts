import { EventEmitter } from 'node:events';
import { waitForMatch } from '@switchback/simulator-support';

export type AgentMessageState = 'pending' | 'delivered' | 'read' | 'revoked' | 'expired';

/** What the hub received, as tests and GET /_sim/messages see it (a snapshot). */
export interface AgentMessage {
  readonly messageId: string;
  readonly phone: string;
  /** The text content; '' for rich cards and files. A simulator may show it; logs never do. */
  readonly text: string;
  readonly textLength: number;
  /** Which contentMessage field carried the content: text, richCard, fileName, ... */
  readonly contentKind: string;
  readonly receivedAt: string;
  readonly expiresAt: string | null;
  readonly state: AgentMessageState;
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
  /** POSTs that carried this messageId, failed and duplicate ones included. */
  readonly posts: number;
}

export interface StoredAgentMessage {
  readonly messageId: string;
  readonly phone: string;
  readonly text: string;
  readonly contentKind: string;
  readonly receivedAtMs: number;
  readonly expiresAtMs: number | null;
  /** The 200 body of the first send, replayed verbatim for a duplicate messageId. */
  readonly answer: unknown;
  state: AgentMessageState;
  deliveredAtMs: number | null;
  readAtMs: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function snapshot(m: StoredAgentMessage, posts: number): AgentMessage {
  return {
    messageId: m.messageId,
    phone: m.phone,
    text: m.text,
    textLength: m.text.length,
    contentKind: m.contentKind,
    receivedAt: new Date(m.receivedAtMs).toISOString(),
    expiresAt: iso(m.expiresAtMs),
    state: m.state,
    deliveredAt: iso(m.deliveredAtMs),
    readAt: iso(m.readAtMs),
    posts,
  };
}

/** Agent messages by RBM messageId; announces every addition and state change. */
export class AgentMessageStore {
  private readonly byId = new Map<string, StoredAgentMessage>();
  private readonly changes = new EventEmitter().setMaxListeners(0);
  private readonly posts = new Map<string, number>();

  get(messageId: string): StoredAgentMessage | undefined {
    return this.byId.get(messageId);
  }

  /** Counts one POST for a messageId, before it is known whether it will be accepted. */
  countPost(messageId: string): void {
    this.posts.set(messageId, (this.posts.get(messageId) ?? 0) + 1);
  }

  add(message: StoredAgentMessage): void {
    this.byId.set(message.messageId, message);
    this.changes.emit('change', this.snapshot(message));
  }

  transition(message: StoredAgentMessage, state: AgentMessageState, atMs = Date.now()): void {
    message.state = state;
    if (state === 'delivered') message.deliveredAtMs = atMs;
    if (state === 'read') message.readAtMs = atMs;
    this.changes.emit('change', this.snapshot(message));
  }

  pendingFor(phone: string): StoredAgentMessage[] {
    return [...this.byId.values()].filter((m) => m.phone === phone && m.state === 'pending');
  }

  list(): AgentMessage[] {
    return [...this.byId.values()].map((m) => this.snapshot(m));
  }

  /** Resolves with the first message, present or future (including state changes), that matches. */
  waitFor(predicate: (message: AgentMessage) => boolean, timeoutMs: number): Promise<AgentMessage> {
    return waitForMatch(this.changes, 'change', this.list(), predicate, timeoutMs, 'agent message');
  }

  clear(): void {
    this.byId.clear();
    this.posts.clear();
  }

  private snapshot(message: StoredAgentMessage): AgentMessage {
    return snapshot(message, this.posts.get(message.messageId) ?? 1);
  }
}
