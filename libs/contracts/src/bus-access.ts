import type { ConsumerGroupName, TopicKey } from './topic-registry';

/**
 * Who may do what on the broker. Each service logs in as a principal of its own; the ACLs that
 * `tools/topics` grants are derived from this map and from ConsumerGroups, so what a service
 * may read is exactly what it consumes and what it may write is exactly what it publishes.
 * A topic missing here shows up as an authorization error in the e2e tests, not as a silent gap.
 */
export interface PrincipalAccess {
  /** The consumer groups it runs: it reads their topics and uses their retry tiers and dead letters. */
  readonly groups: readonly ConsumerGroupName[];
  /** The event topics it publishes to. */
  readonly writes: readonly TopicKey[];
}

export const BusPrincipals = {
  'sb-routing': {
    groups: ['routing', 'routing-outcomes', 'routing-plaintext'],
    // sendRequested: the HTTP ingress publishes the same signed event internal producers do.
    writes: ['sendRequested', 'dispatchRcs', 'dispatchSms', 'dispatchSecureLink', 'dispatchRevoke', 'routingDecision', 'deliveryOutcome', 'messageTerminal', 'policyChanged'],
  },
  'sb-rcs-gateway': { groups: ['rcs-gateway'], writes: ['deliveryOutcome', 'channelCircuit'] },
  'sb-smpp-gateway': { groups: ['smpp-gateway'], writes: ['deliveryOutcome', 'channelCircuit'] },
  // Consumes nothing (routing asks it over HTTP); announces pinned capabilities and device-key changes.
  'sb-capability-discovery': { groups: [], writes: ['capabilityChanged', 'deviceKeyChanged'] },
  'sb-payload-store': { groups: [], writes: ['secureLinkLifecycle'] },
  'sb-audit-sink': { groups: ['audit-sink'], writes: [] },
  // Reads the metadata topics it turns into status callbacks; publishes nothing.
  'sb-webhook-dispatcher': { groups: ['webhook-dispatcher'], writes: [] },
  // The internal services that send messages (libs/producer): send requests only, never a read
  // (the plaintext topic for producers without the tenant's key, when the tenant allows it).
  'sb-producer': { groups: [], writes: ['sendRequested', 'sendRequestedPlaintext'] },
} as const satisfies Record<string, PrincipalAccess>;

export type BusPrincipal = keyof typeof BusPrincipals;

/** The super user: provisions topics and ACLs, redrives dead letters. No service runs as it. */
export const BUS_ADMIN_PRINCIPAL = 'switchback-admin';
