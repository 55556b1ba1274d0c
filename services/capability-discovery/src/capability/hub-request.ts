import { HubUnavailableException } from './capability.exception';

export interface HubAnswer {
  readonly status: number;
  readonly ok: boolean;
  /** The JSON body, or `{}` when the body is not JSON (a 404 page, say). */
  readonly body: unknown;
}

/** One bounded GET to the carrier hub; network errors and timeouts become HubUnavailableException. */
export async function getFromHub(url: string, timeoutMs: number, label = ''): Promise<HubAnswer> {
  const prefix = label ? `${label}: ` : '';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await response.json().catch(() => ({}));
    return { status: response.status, ok: response.ok, body };
  } catch (error) {
    throw new HubUnavailableException(`${prefix}${error instanceof Error ? error.name : 'network error'}`);
  }
}
