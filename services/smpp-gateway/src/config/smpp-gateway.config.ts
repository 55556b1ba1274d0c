import { busEnvelopeConfig, kafkaConfig, loadConfig, redisConfig, serviceConfig, identifierHashConfig } from '@switchback/config';
import { checkCircuitConfig, checkUniqueConnectors, circuitConfig, connectorListSchema, regionalConnectorFields } from '@switchback/circuit';
import { CONNECTOR_REGIONS } from '@switchback/contracts';
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const smppUrl = /^s?smpp:\/\/[^:,\s]+:\d+$/;

/**
 * One SMSC connector of SMPP_CONNECTORS. Credentials default to SMPP_SYSTEM_ID / SMPP_PASSWORD;
 * passwordFile names a file (a mounted secret) holding this connector's password instead.
 */
export const smppConnectorEntry = z
  .object({
    ...regionalConnectorFields,
    url: z.string().regex(smppUrl, 'smpp://host:port or ssmpp://host:port'),
    systemId: z.string().min(1).max(15).optional(),
    passwordFile: z.string().min(1).optional(),
  })
  .strict();

export const smppGatewayConfigSchema = z
  .object({
    ...serviceConfig.shape,
    ...identifierHashConfig.shape,
    ...kafkaConfig.shape,
    // Opens and seals the personal fields on the bus: this service needs their plaintext.
    ...busEnvelopeConfig.shape,
    ...redisConfig.shape,
    // Each connector's circuit breaker (CIRCUIT_*): see libs/circuit and docs/operations.md.
    ...circuitConfig.shape,
    SERVICE_NAME: z.string().default('smpp-gateway'),
    HTTP_PORT: int(0, 65535).default(3104),
    // smpp://host:port, or ssmpp://host:port for SMPP over TLS. A comma-separated list names
    // several connectors (same credentials), preferred first: an open circuit is routed around.
    SMPP_URL: z
      .string()
      .regex(/^s?smpp:\/\/[^:,\s]+:\d+(\s*,\s*s?smpp:\/\/[^:,\s]+:\d+)*$/, 'smpp://host:port or ssmpp://host:port (comma-separated for several connectors)')
      .optional(),
    // The region the SMPP_URL connectors process in (data residency).
    SMPP_REGION: z.enum(CONNECTOR_REGIONS).default('GLOBAL'),
    // Instead of SMPP_URL: a JSON array of {id, region (EU|US|ASIA|GLOBAL), url, priority?
    // (lower first, default 0), weight? (default 1), systemId?, passwordFile?}, each with its
    // own binds and breaker. A leg uses only the connectors of the regions stamped on it.
    SMPP_CONNECTORS: connectorListSchema(smppConnectorEntry).optional(),
    SMPP_SYSTEM_ID: z.string().min(1).max(15),
    SMPP_PASSWORD: z.string().min(1).max(8),
    SMPP_SYSTEM_TYPE: z.string().max(12).default(''),
    SMPP_SOURCE_ADDR: z.string().min(1).max(20).default('Switchback'),
    // 5 = alphanumeric sender, 1 = international number.
    SMPP_SOURCE_TON: int(0, 6).default(5),
    SMPP_SOURCE_NPI: int(0, 18).default(0),
    // Binds (transceivers) of this connector; submits rotate over the bound ones.
    SMPP_BINDS: int(1, 16).default(1),
    // Requests outstanding (no response yet) per bind.
    SMPP_WINDOW_SIZE: int(1, 1000).default(10),
    // Throughput limit per bind (token bucket), and how many tokens it may save up.
    SMPP_THROUGHPUT_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
    SMPP_THROUGHPUT_BURST: int(1, 10_000).optional(),
    SMPP_RESPONSE_TIMEOUT_MS: int(100, 120_000).default(10_000),
    SMPP_ENQUIRE_LINK_MS: int(1_000, 300_000).default(30_000),
    SMPP_RECONNECT_MIN_MS: int(50, 60_000).default(500),
    SMPP_RECONNECT_MAX_MS: int(100, 600_000).default(30_000),
    // ssmpp:// only: verify the SMSC certificate (against SMPP_TLS_CA_FILE when set).
    SMPP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
    SMPP_TLS_CA_FILE: z.string().min(1).optional(),
    SMPP_TLS_SERVERNAME: z.string().min(1).optional(),
    // Concatenation of long texts: UDH (IEI 0x00, esm_class 0x40) or SAR TLVs.
    SMPP_CONCATENATION: z.enum(['udh', 'sar']).default('udh'),
    // Longer texts are refused with TOO_MANY_PARTS, never truncated.
    SMPP_MAX_PARTS: int(1, 255).default(6),
    // SMSC id -> message mapping in Redis, so receipts survive restarts and arrive on any bind.
    SMPP_RECEIPT_TTL_S: int(60, 30 * 86_400).default(72 * 3_600),
    // A part refused with ESME_RTHROTTLED / ESME_RMSGQFUL is retried here this often before the
    // message goes to the bus retry tiers.
    SMPP_LOCAL_RETRIES: int(0, 10).default(3),
    SMPP_LOCAL_RETRY_MS: int(10, 60_000).default(1_000),
    // A submit_sm that got no submit_sm_resp (timeout, connection lost) may have reached the
    // SMSC. fail: the leg is FAILED submit_in_doubt and never resubmitted (at most once, the
    // CPaaS norm for OTPs); resubmit: retried like any transient error (may send twice).
    SMPP_IN_DOUBT_POLICY: z.enum(['fail', 'resubmit']).default('fail'),
    // On shutdown: how long to wait for outstanding responses before unbinding.
    SMPP_SHUTDOWN_DRAIN_MS: int(0, 60_000).default(5_000),
  })
  .refine((c) => c.SMPP_RECONNECT_MAX_MS >= c.SMPP_RECONNECT_MIN_MS, { message: 'must be >= SMPP_RECONNECT_MIN_MS', path: ['SMPP_RECONNECT_MAX_MS'] })
  .superRefine(checkCircuitConfig)
  .superRefine((config, ctx) => {
    if ((config.SMPP_URL === undefined) === (config.SMPP_CONNECTORS === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of SMPP_URL and SMPP_CONNECTORS', path: ['SMPP_CONNECTORS'] });
    }
    if (config.SMPP_CONNECTORS) {
      checkUniqueConnectors(config.SMPP_CONNECTORS.map((c) => c.id), 'id', ctx, 'SMPP_CONNECTORS');
      checkUniqueConnectors(config.SMPP_CONNECTORS.map((c) => c.url.replace(/^s?smpp:\/\//, '')), 'host:port', ctx, 'SMPP_CONNECTORS');
    }
  });

export type SmppGatewayConfig = z.infer<typeof smppGatewayConfigSchema>;

export const loadSmppGatewayConfig = (): SmppGatewayConfig => loadConfig(smppGatewayConfigSchema);
