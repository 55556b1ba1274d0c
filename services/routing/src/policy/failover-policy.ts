import { z } from 'zod';

/** The traffic types a tenant tunes failover for; `default` covers unspecified traffic. */
export const FAILOVER_TRAFFIC_TYPES = ['otp', 'transactional', 'alert', 'promotional', 'default'] as const;
export type FailoverTrafficType = (typeof FAILOVER_TRAFFIC_TYPES)[number];

export interface FailoverRule {
  /** Fall back when the leg's channel does not reach the recipient (RBM 404, UNREACHABLE). */
  readonly onUnreachable: boolean;
  /** Fall back on a failed leg whose error class allows it (retries exhausted, agent errors). */
  readonly onErrorClass: boolean;
  /** Fall back when the carrier's time to live ran out before delivery (EXPIRED). */
  readonly onTtlExpired: boolean;
  /** No DELIVERED within this many seconds: revoke the leg, then fall back. 0 = off. */
  readonly deliveryTimeoutS: number;
  /** How many failovers one message may take (0 = none). */
  readonly maxFailovers: number;
}

const rule = (defaults: FailoverRule) =>
  z
    .object({
      onUnreachable: z.boolean().default(defaults.onUnreachable),
      onErrorClass: z.boolean().default(defaults.onErrorClass),
      onTtlExpired: z.boolean().default(defaults.onTtlExpired),
      deliveryTimeoutS: z.number().int().min(0).max(172_800).default(defaults.deliveryTimeoutS),
      maxFailovers: z.number().int().min(0).max(3).default(defaults.maxFailovers),
    })
    .strict()
    .default(defaults);

/**
 * Defaults like the CPaaS consoles: an OTP that is not delivered in 30 s is worth a second
 * channel; a promotion is not worth a duplicate, so it falls back only on hard failures.
 */
export const FAILOVER_DEFAULTS: Readonly<Record<FailoverTrafficType, FailoverRule>> = {
  otp: { onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 30, maxFailovers: 2 },
  transactional: { onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 120, maxFailovers: 2 },
  alert: { onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 60, maxFailovers: 2 },
  promotional: { onUnreachable: true, onErrorClass: false, onTtlExpired: false, deliveryTimeoutS: 0, maxFailovers: 1 },
  default: { onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 0, maxFailovers: 1 },
};

/** Per traffic type; omitted types and fields take the defaults above. */
export const failoverPolicySchema = z
  .object({
    otp: rule(FAILOVER_DEFAULTS.otp),
    transactional: rule(FAILOVER_DEFAULTS.transactional),
    alert: rule(FAILOVER_DEFAULTS.alert),
    promotional: rule(FAILOVER_DEFAULTS.promotional),
    default: rule(FAILOVER_DEFAULTS.default),
  })
  .strict()
  .default(FAILOVER_DEFAULTS);

export type FailoverPolicy = z.infer<typeof failoverPolicySchema>;

/** The rule for a classifier traffic type ('unspecified' and anything unknown read as default). */
export const failoverRuleFor = (policy: FailoverPolicy, trafficType: string): FailoverRule =>
  (FAILOVER_TRAFFIC_TYPES as readonly string[]).includes(trafficType) ? policy[trafficType as FailoverTrafficType] : policy.default;
