import { randomUUID } from 'node:crypto';

/** Where the operator's commands reach the platform, and with which tenant key. */
export interface PlatformTarget {
  readonly routingUrl: string;
  readonly capabilityUrl: string;
  /** A tenant API key of routing's ingress (TENANT_API_KEYS); needed by send and message. */
  readonly apiKey: string | undefined;
  /** A service credential of capability-discovery (CAPABILITY_API_KEYS); needed by capability. */
  readonly capabilityKey?: string | undefined;
}

export class PlatformApiError extends Error {}

async function call(url: URL, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = (await response.text()) || '{}';
  if (!response.ok) throw new PlatformApiError(`${init.method ?? 'GET'} ${url.pathname} answered HTTP ${response.status}: ${body}`);
  return JSON.parse(body) as unknown;
}

const bearer = (target: PlatformTarget): Record<string, string> => {
  if (!target.apiKey) throw new PlatformApiError('set SBCTL_API_KEY to a tenant API key of routing (TENANT_API_KEYS)');
  return { authorization: `Bearer ${target.apiKey}` };
};

/** A test message through the producer ingress; a fresh Idempotency-Key each time. */
export function sendTestMessage(target: PlatformTarget, to: string, text: string): Promise<unknown> {
  return call(new URL('/v1/messages', target.routingUrl), {
    method: 'POST',
    headers: { ...bearer(target), 'content-type': 'application/json', 'idempotency-key': `sbctl-${randomUUID()}` },
    body: JSON.stringify({ to, text, trafficType: 'transactional' }),
  });
}

/** The decision and every delivery leg of one message of the key's tenant. */
export function showMessage(target: PlatformTarget, messageId: string): Promise<unknown> {
  return call(new URL(`/v1/messages/${encodeURIComponent(messageId)}`, target.routingUrl), { headers: bearer(target) });
}

/** What capability-discovery answers for a number (badge, levels, pin, source). */
export function showCapability(target: PlatformTarget, e164: string): Promise<unknown> {
  if (!target.capabilityKey) throw new PlatformApiError('set SBCTL_CAPABILITY_KEY to a capability API key of capability-discovery (CAPABILITY_API_KEYS)');
  return call(new URL(`/v1/capabilities/${encodeURIComponent(e164)}`, target.capabilityUrl), { headers: { authorization: `Bearer ${target.capabilityKey}` } });
}
