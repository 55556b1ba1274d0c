import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { TargetPolicy } from '../endpoints/target-policy';
import type { SendResult, WebhookTransport } from './webhook-transport';

export interface HttpTransportOptions {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/**
 * POSTs over node's http/https: redirects are never followed (a 3xx is a failure), the
 * resolved address of every connection must pass the target policy, the whole exchange has one
 * deadline, and at most `maxResponseBytes` of the answer are read before the socket is dropped.
 */
export class HttpWebhookTransport implements WebhookTransport {
  private readonly lookup: LookupFunction;

  constructor(
    private readonly policy: TargetPolicy,
    private readonly options: HttpTransportOptions,
  ) {
    this.lookup = ((hostname: string, lookupOptions: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const refused = addresses.find((entry) => !policy.allowsAddress(entry.address));
        const first = addresses[0];
        if (refused || !first) return callback(Object.assign(new Error('target address refused'), { code: 'ETARGETREFUSED' }), '', 0);
        const wantsAll = (lookupOptions as { all?: boolean }).all === true;
        return wantsAll ? callback(null, addresses) : callback(null, first.address, first.family);
      });
    }) as LookupFunction;
  }

  post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendResult> {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    // Literal addresses skip the lookup: they are checked here.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !this.policy.allowsAddress(literal)) return Promise.resolve({ kind: 'failed', reason: 'target_refused' });
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: SendResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      const request = client.request(
        target,
        { method: 'POST', lookup: this.lookup, agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'switchback-webhooks/1' } },
        (response) => {
          const status = response.statusCode ?? 0;
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // Enough: the status is all that counts, and a huge answer is not ours to buffer.
            if (read > this.options.maxResponseBytes) response.destroy();
          });
          const done = (): void => finish(classify(status));
          response.on('end', done);
          response.on('close', done);
          response.on('error', done);
        },
      );
      const deadline = setTimeout(() => {
        request.destroy();
        finish({ kind: 'failed', reason: 'timeout' });
      }, this.options.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'failed', reason: error.code === 'ETARGETREFUSED' ? 'target_refused' : 'connection_error' }));
      request.end(body);
    });
  }
}

function classify(status: number): SendResult {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone' };
  if (status >= 300 && status < 400) return { kind: 'failed', reason: 'redirect_refused', status };
  return { kind: 'failed', reason: `http_${status}`, status };
}
