import type { Stack } from '@switchback/stack';

/** GET /v1/messages/:id (routing's MessageView, the fields these tests read). */
export interface MessageViewBody {
  readonly messageId: string;
  readonly channel: string;
  readonly actionTaken: string;
  readonly fallbackReason: string;
  readonly state: string;
  readonly terminal: { readonly status: string; readonly leg: number; readonly channel: string; readonly reason: string } | null;
  readonly legs: ReadonlyArray<{ readonly leg: number; readonly channel: string; readonly status: string; readonly reason: string; readonly state: string | null; readonly fallbackReason: string | null; readonly failoverFromLeg: number | null }>;
}

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** JSON over HTTP to one of the stack's processes; throws on a transport error only. */
async function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<HttpAnswer> {
  const response = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Routing's producer ingress (tenant 'demo') and admin API, as a tenant and an operator use them. */
export class RoutingClient {
  private readonly base: string;

  constructor(private readonly stack: Stack) {
    this.base = `http://127.0.0.1:${stack.ports['routing']}`;
  }

  /** POST /v1/messages; resolves with the message id (202). */
  async submit(idempotencyKey: string, request: { to: string; text: string; trafficType?: string }): Promise<string> {
    const answer = await call(`${this.base}/v1/messages`, 'POST', { authorization: `Bearer ${this.stack.demoApiKey}`, 'idempotency-key': idempotencyKey }, request);
    if (answer.status !== 202) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return (answer.body as { messageId: string }).messageId;
  }

  dryRun(request: { to: string; text: string; trafficType?: string }): Promise<HttpAnswer> {
    return call(`${this.base}/v1/messages:dryRun`, 'POST', { authorization: `Bearer ${this.stack.demoApiKey}` }, request);
  }

  /** GET /v1/messages/:id as tenant 'demo'. */
  async view(messageId: string): Promise<MessageViewBody | undefined> {
    const answer = await call(`${this.base}/v1/messages/${messageId}`, 'GET', { authorization: `Bearer ${this.stack.demoApiKey}` });
    return answer.status === 200 ? (answer.body as MessageViewBody) : undefined;
  }

  putPolicy(tenant: string, policy: unknown): Promise<HttpAnswer> {
    // The admin API has a port of its own (ADMIN_HTTP_PORT); the public one answers 404 there.
    return call(`http://127.0.0.1:${this.stack.ports['routing-admin']}/v1/admin/tenants/${tenant}/policy`, 'PUT', { authorization: `Bearer ${this.stack.adminToken}` }, policy);
  }
}

/** The carriers' side: the hub simulator's and the SMSC simulator's admin APIs. */
export class SimulatorClients {
  constructor(private readonly stack: Stack) {}

  private get hub(): string {
    return `http://127.0.0.1:${this.stack.ports['hub']}`;
  }

  async setHubProfile(phone: string, profile: Record<string, unknown>): Promise<void> {
    const answer = await call(`${this.hub}/_sim/numbers/${encodeURIComponent(phone)}`, 'PUT', {}, profile);
    if (answer.status !== 200) throw new Error(`hub profile answered ${answer.status}`);
  }

  async hubMessages(phone?: string): Promise<Array<{ messageId: string; phone: string; text: string; state: string }>> {
    const { messages } = (await call(`${this.hub}/_sim/messages`, 'GET', {})).body as { messages: Array<{ messageId: string; phone: string; text: string; state: string }> };
    return phone === undefined ? messages : messages.filter((message) => message.phone === phone);
  }

  async hubStats(): Promise<Record<string, number>> {
    return (await call(`${this.hub}/_sim/stats`, 'GET', {})).body as Record<string, number>;
  }

  /** What the SMSC accepted, for one number if given (its destination, with or without '+'). */
  async smscMessages(phone?: string): Promise<Array<{ destination: string; text: string }>> {
    const { messages } = (await call(`http://127.0.0.1:${this.stack.ports['smsc-admin']}/_sim/messages`, 'GET', {})).body as { messages: Array<{ destination: string; text: string }> };
    return phone === undefined ? messages : messages.filter((message) => message.destination.replace(/^\+/, '') === phone.replace(/^\+/, ''));
  }
}
