import { randomUUID } from 'node:crypto';

/** Thin fetch wrappers for the RBM-shaped endpoints, as the services call them. */
export interface HubAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function call(url: string, init?: RequestInit): Promise<HubAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const phonePath = (base: string, phone: string) => `${base}/v1/phones/${encodeURIComponent(phone)}`;

export function queryCapabilities(base: string, phone: string, requestId: string = randomUUID()): Promise<HubAnswer> {
  return call(`${phonePath(base, phone)}/capabilities?requestId=${encodeURIComponent(requestId)}`);
}

export function queryUpCapabilities(base: string, phone: string, requestId: string = randomUUID()): Promise<HubAnswer> {
  return call(`${phonePath(base, phone)}/upCapabilities?requestId=${encodeURIComponent(requestId)}`);
}

export function sendAgentMessage(base: string, phone: string, messageId: string | undefined, body: unknown): Promise<HubAnswer> {
  const query = messageId === undefined ? '' : `?messageId=${encodeURIComponent(messageId)}`;
  return call(`${phonePath(base, phone)}/agentMessages${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function revokeAgentMessage(base: string, phone: string, messageId: string): Promise<HubAnswer> {
  return call(`${phonePath(base, phone)}/agentMessages/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
}

export function adminCall(base: string, method: string, path: string, body?: unknown): Promise<HubAnswer> {
  return call(`${base}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
}
