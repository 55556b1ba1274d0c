import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { IncomingMessage } from 'node:http';
import { traceFetch } from './fetch-tracing';
import { redactedUrlAttributes } from './url-redaction';

const UNTRACED_PATHS = ['/health', '/metrics'];

/**
 * Starts the OpenTelemetry SDK; must run before Nest (and http) are loaded so the HTTP
 * instrumentation can patch them. The exporter, endpoint and sampling come from the standard
 * OTEL_* variables, read by the SDK itself; OTEL_SDK_DISABLED=true turns it off.
 */
export function startTelemetry(serviceName: string): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    serviceName,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.some((path) => request.url?.startsWith(path) ?? false),
        // Routes such as /v1/capabilities/:e164 carry phone numbers: never export them.
        startIncomingSpanHook: (request) => redactedUrlAttributes((request as IncomingMessage).url ?? ''),
      }),
    ],
  });
  sdk.start();
  traceFetch();
  return { shutdown: () => sdk.shutdown() };
}
