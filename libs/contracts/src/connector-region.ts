/**
 * Where a carrier connector (an RBM hub, an SMSC) processes traffic: the regional RBM entry
 * points (europe-, us-, asia-rcsbusinessmessaging) and the global one. A tenant's residency
 * policy names the regions its messages may leave through; GLOBAL is its own region, never a
 * wildcard: a tenant pinned to EU never goes out through a GLOBAL connector.
 */
export const CONNECTOR_REGIONS = ['EU', 'US', 'ASIA', 'GLOBAL'] as const;

export type ConnectorRegion = (typeof CONNECTOR_REGIONS)[number];

export const isConnectorRegion = (value: string): value is ConnectorRegion => (CONNECTOR_REGIONS as readonly string[]).includes(value);

/** Whether a connector of `region` may carry a leg stamped with `allowed` (empty = any region). */
export const regionAllowed = (allowed: readonly string[], region: ConnectorRegion): boolean => allowed.length === 0 || allowed.includes(region);
