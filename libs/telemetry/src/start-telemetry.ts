import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

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
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
