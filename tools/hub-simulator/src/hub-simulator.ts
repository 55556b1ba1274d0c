import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { postRbmEvent } from './rbm-webhook';

export interface HubSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly agentId?: string;
  readonly clientToken: string;
  /** Where DELIVERED events are posted; none = no webhooks. */
  readonly webhookUrl?: string;
  readonly deliveryDelayMs?: number;
  /** E.164 prefixes answered as "no RCS" (404); every other number is RCS-reachable. */
  readonly smsOnlyPrefixes?: readonly string[];
}

export interface AgentMessage {
  readonly messageId: string;
  readonly phone: string;
  readonly text: string;
  readonly receivedAt: number;
  delivered: boolean;
}

const FEATURES = ['REVOCATION', 'RICHCARD_STANDALONE', 'RICHCARD_CAROUSEL', 'ACTION_OPEN_URL', 'ACTION_DIAL'];
const MAX_BODY_BYTES = 300 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A carrier RCS hub speaking the RBM REST shape: capabilities, agentMessages, revoke, webhooks. */
export class HubSimulator extends EventEmitter {
  readonly messages = new Map<string, AgentMessage>();
  readonly stats = { capabilityQueries: 0, sends: 0, duplicates: 0, webhooksSent: 0 };
  private readonly server: Server = createServer((req, res) => void this.route(req, res));
  private readonly timers = new Set<NodeJS.Timeout>();
  port = 0;

  constructor(private readonly options: HubSimulatorOptions) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async close(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private rcsReachable(phone: string): boolean {
    return !(this.options.smsOnlyPrefixes ?? []).some((prefix) => phone.startsWith(prefix));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const pathname = decodeURIComponent(url.pathname); // clients encode the + of E.164 as %2B
    const capability = pathname.match(/^\/v1\/phones\/(\+\d+)\/capabilities$/);
    const send = pathname.match(/^\/v1\/phones\/(\+\d+)\/agentMessages$/);
    const revoke = pathname.match(/^\/v1\/phones\/(\+\d+)\/agentMessages\/([^/]+)$/);
    if (req.method === 'GET' && capability) return this.capabilities(capability[1]!, url, res);
    if (req.method === 'POST' && send) return this.agentMessage(send[1]!, url, req, res);
    if (req.method === 'DELETE' && revoke) return this.revoke(revoke[2]!, res);
    if (req.method === 'GET' && pathname === '/_sim/stats') return reply(res, 200, { ...this.stats });
    reply(res, 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
  }

  private capabilities(phone: string, url: URL, res: ServerResponse): void {
    this.stats.capabilityQueries += 1;
    if (!UUID.test(url.searchParams.get('requestId') ?? '')) return reply(res, 400, googleError(400, 'INVALID_ARGUMENT', 'requestId must be a UUID'));
    if (!this.rcsReachable(phone)) return reply(res, 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
    reply(res, 200, { features: FEATURES });
  }

  private async agentMessage(phone: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const messageId = url.searchParams.get('messageId');
    if (!messageId) return reply(res, 400, googleError(400, 'INVALID_ARGUMENT', 'messageId is required'));
    const body = await readBody(req);
    if (body === 'too_large') return reply(res, 413, googleError(413, 'INVALID_ARGUMENT', 'message too large'));
    const text = (body as { contentMessage?: { text?: unknown } } | undefined)?.contentMessage?.text;
    if (typeof text !== 'string') return reply(res, 400, googleError(400, 'INVALID_ARGUMENT', 'contentMessage.text is required'));
    if (!this.rcsReachable(phone)) return reply(res, 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
    const answer = { name: `phones/${phone}/agentMessages/${messageId}`, sendTime: new Date().toISOString(), contentMessage: { text } };
    // RBM ignores a duplicate messageId: same answer, no second delivery.
    if (this.messages.has(messageId)) {
      this.stats.duplicates += 1;
      return reply(res, 200, answer);
    }
    const message: AgentMessage = { messageId, phone, text, receivedAt: Date.now(), delivered: false };
    this.messages.set(messageId, message);
    this.stats.sends += 1;
    reply(res, 200, answer);
    this.emit('message', message);
    this.scheduleDelivery(message);
  }

  private revoke(messageId: string, res: ServerResponse): void {
    const message = this.messages.get(messageId);
    if (!message || message.delivered) return reply(res, 404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
    this.messages.delete(messageId);
    reply(res, 200, {});
  }

  private scheduleDelivery(message: AgentMessage): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.messages.has(message.messageId)) return; // revoked in the meantime
      message.delivered = true;
      if (!this.options.webhookUrl) return;
      const event = { eventType: 'DELIVERED', messageId: message.messageId, senderPhoneNumber: message.phone, agentId: this.options.agentId ?? 'switchback-sim' };
      void postRbmEvent(this.options.webhookUrl, this.options.clientToken, event).then((ok) => ok && (this.stats.webhooksSent += 1));
    }, this.options.deliveryDelayMs ?? 50);
    this.timers.add(timer);
  }
}

function googleError(code: number, status: string, message: string) {
  return { error: { code, message, status } };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
