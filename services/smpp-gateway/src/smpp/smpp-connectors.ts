import type { RegionalConnector } from '@switchback/circuit';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';

/** One SMSC connector: where its binds go, with which credentials, and its breaker path. */
export interface SmppConnector extends RegionalConnector {
  readonly url: string;
  readonly systemId: string;
  /** The connector's own password file (a mounted secret); SMPP_PASSWORD when absent. */
  readonly passwordFile?: string;
  /** "smpp:<host>:<port>" in breaker events, metrics and the legs' pinned connector. */
  readonly pathId: string;
}

/** A connector's path id in breaker events and metrics: "smpp:<host>:<port>". */
export const connectorPathId = (url: string): string => `smpp:${url.replace(/^s?smpp:\/\//, '')}`;

/**
 * The configured connectors: SMPP_CONNECTORS, or the URLs of SMPP_URL (ids smsc-1, smsc-2...,
 * all of SMPP_REGION, preferred in the order written, as before regions existed).
 */
export function smppConnectors(config: Pick<SmppGatewayConfig, 'SMPP_URL' | 'SMPP_CONNECTORS' | 'SMPP_REGION' | 'SMPP_SYSTEM_ID'>): SmppConnector[] {
  const entries =
    config.SMPP_CONNECTORS ??
    (config.SMPP_URL ?? '').split(',').map((url, i) => ({ id: `smsc-${i + 1}`, region: config.SMPP_REGION, url: url.trim(), priority: i, weight: 1, systemId: undefined, passwordFile: undefined }));
  return entries.map((entry) => ({
    id: entry.id,
    region: entry.region,
    priority: entry.priority,
    weight: entry.weight,
    url: entry.url,
    systemId: entry.systemId ?? config.SMPP_SYSTEM_ID,
    ...(entry.passwordFile ? { passwordFile: entry.passwordFile } : {}),
    pathId: connectorPathId(entry.url),
  }));
}
