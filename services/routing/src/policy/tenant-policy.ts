import { CONNECTOR_REGIONS } from '@switchback/contracts';
import { z } from 'zod';
import { failoverPolicySchema } from './failover-policy';

/** ISO 3166-1 alpha-2, upper case (the form capability-discovery reports). */
const regionCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in upper case');

/**
 * A tenant's routing policy. Every field has a default, so `{}` parses to the default policy;
 * the store keeps the parsed, complete object, so each version is self-contained. Unknown keys
 * are rejected: a typo must not be silently ignored in a security control.
 */
export const tenantPolicySchema = z
  .object({
    /** Sensitive content with no E2EE path: a one-time secure link, or blocked and held. */
    onSensitive: z.enum(['secure_link', 'block']).default('secure_link'),
    /** The MDM-style "no SMS" control: false removes the SMS rung entirely. */
    smsAllowed: z.boolean().default(true),
    secureLink: z
      .object({
        ttlSeconds: z.number().int().min(60).max(7 * 24 * 3600).default(3600),
        maxViews: z.number().int().min(1).max(10).default(1),
        keyMode: z.enum(['fragment', 'passphrase', 'second_channel_code', 'device_key']).default('fragment'),
        /**
         * second_channel_code only: who carries the code. other_channel: routing sends it on the
         * other carrier channel (link on RCS, code on SMS, or the reverse), never the link's own.
         * sender: POST /v1/messages answers the code once, for the sender to relay; routing sends
         * the link only (sends that did not come through that API use other_channel).
         */
        codeDelivery: z.enum(['other_channel', 'sender']).default('other_channel'),
        /**
         * second_channel_code only, when the code has no path but the link's own: hold (blocked
         * and held for an override, fail closed), block (blocked, nothing held for an override),
         * or link_without_code (a fragment link: whoever sees the link can open it).
         */
        codeFallback: z.enum(['hold', 'block', 'link_without_code']).default('hold'),
      })
      .strict()
      .default({ ttlSeconds: 3600, maxViews: 1, keyMode: 'fragment', codeDelivery: 'other_channel', codeFallback: 'hold' }),
    /** Data residency: recipients outside these regions are blocked. Empty = everywhere. */
    allowedRegions: z.array(regionCode).max(250).default([]),
    /**
     * Data residency of the traffic itself: the connector regions (RBM hubs, SMSCs) this
     * tenant's messages may leave through. Empty = any. Stamped on every dispatch; a gateway
     * never uses a connector outside them, even when all of theirs are down (the leg fails).
     */
    residency: z
      .object({ regions: z.array(z.enum(CONNECTOR_REGIONS)).max(CONNECTOR_REGIONS.length).default([]) })
      .strict()
      .default({ regions: [] }),
    /**
     * fail_closed: OTP traffic is secret. sms_first / rcs_first: an OTP whose only detections
     * are the OTP ones may go plaintext, preferring that channel; anything else still fails closed.
     */
    otpHandling: z.enum(['fail_closed', 'sms_first', 'rcs_first']).default('fail_closed'),
    /**
     * An OTP that otpHandling lets go plaintext, routed on an RCS or E2EE rung, also goes out on
     * SMS (dual delivery: the first delivery wins, the other leg is revoked or counted lost).
     */
    otpDualDelivery: z.boolean().default(false),
    /** A suspected E2EE downgrade: distrust the E2EE rungs, or also block sensitive content. */
    downgradeHandling: z.enum(['no_e2ee_trust', 'block_sensitive']).default('no_e2ee_trust'),
    /** Lets a sender label "public" lower content detections (see @switchback/sensitivity). */
    allowSenderDowngrade: z.boolean().default(false),
    rollout: z
      .object({
        mode: z.enum(['default_rcs', 'pilot', 'opt_in', 'kill_switch']).default('default_rcs'),
        pilotPercent: z.number().min(0).max(100).default(0),
        dualDeliveryInPilot: z.boolean().default(true),
      })
      .strict()
      .default({ mode: 'default_rcs', pilotPercent: 0, dualDeliveryInPilot: true }),
    /** How long blocked content is held for an override before it is deleted. */
    holdTtlSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(86_400),
    /** When a dispatched leg falls back to the next rung, per traffic type (failover-policy.ts). */
    failover: failoverPolicySchema,
  })
  .strict();

export type TenantPolicy = z.infer<typeof tenantPolicySchema>;

export const DEFAULT_TENANT_POLICY: TenantPolicy = Object.freeze(tenantPolicySchema.parse({}));

/** A policy as stored: version 0 is the built-in default of a tenant that never set one. */
export interface VersionedPolicy {
  readonly tenantId: string;
  readonly version: number;
  readonly policy: TenantPolicy;
  readonly actor: string;
  readonly createdAt: Date | null;
}
