/** Every Prometheus metric the platform exports, named in one place. */
export const MetricNames = {
  busMessagesConsumed: 'switchback_bus_messages_consumed_total',
  busRetries: 'switchback_bus_retries_total',
  busDeadLetters: 'switchback_bus_dead_letters_total',
  busHandlerSeconds: 'switchback_bus_handler_duration_seconds',
  capabilityLookups: 'switchback_capability_lookups_total',
  capabilityResolutions: 'switchback_capability_resolutions_total',
  capabilityCacheErrors: 'switchback_capability_cache_errors_total',
  capabilityRevalidations: 'switchback_capability_revalidations_total',
  capabilityDowngrades: 'switchback_capability_downgrades_total',
  routingDecisions: 'switchback_routing_decisions_total',
  deliveryOutcomes: 'switchback_delivery_outcomes_total',
  auditRowsWritten: 'switchback_audit_rows_written_total',
  auditDuplicatesSkipped: 'switchback_audit_duplicates_skipped_total',
  auditVerifyFailures: 'switchback_audit_verify_failures_total',
  auditCheckpointAgeSeconds: 'switchback_audit_checkpoint_age_seconds',
  rcsSends: 'switchback_rcs_sends_total',
  rcsSendSeconds: 'switchback_rcs_send_duration_seconds',
  rcsRetries: 'switchback_rcs_send_retries_total',
  rcsThrottled: 'switchback_rcs_throttled_total',
  rcsInFlight: 'switchback_rcs_in_flight',
  rcsWebhookEvents: 'switchback_rcs_webhook_events_total',
  rcsWebhookDuplicates: 'switchback_rcs_webhook_duplicates_total',
  rcsRevocations: 'switchback_rcs_revocations_total',
  smppWindowInUse: 'switchback_smpp_window_in_use',
  smppThrottleWaits: 'switchback_smpp_throttle_waits_total',
  smppThrottleWaitSeconds: 'switchback_smpp_throttle_wait_seconds_total',
  smppSubmits: 'switchback_smpp_submits_total',
  smppReceipts: 'switchback_smpp_receipts_total',
  smppReconnects: 'switchback_smpp_reconnects_total',
  smppBindsUp: 'switchback_smpp_binds_up',
  smppSubmitsInDoubt: 'switchback_smpp_submits_in_doubt_total',
  circuitState: 'switchback_circuit_state',
  circuitTransitions: 'switchback_circuit_transitions_total',
  secureLinksCreated: 'switchback_secure_links_created_total',
  secureLinksClaimed: 'switchback_secure_links_claimed_total',
  secureLinksExpired: 'switchback_secure_links_expired_total',
  secureLinksRevoked: 'switchback_secure_links_revoked_total',
  secureLinksBurned: 'switchback_secure_links_burned_total',
  secureLinksClaimRejected: 'switchback_secure_links_claim_rejected_total',
  secureLinksRateLimited: 'switchback_secure_links_rate_limited_total',
  secureLinksDegraded: 'switchback_secure_links_degraded_total',
} as const;

export type MetricKey = keyof typeof MetricNames;
export type MetricName = (typeof MetricNames)[MetricKey];
export type MetricKind = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  readonly kind: MetricKind;
  /** The metric's own label names; every series also has `service` (the registry default label). */
  readonly labels: readonly string[];
}

/**
 * Kind and label names of each metric, as the services register them (tools/deploy-check checks
 * both against the registries and validates the Grafana dashboard and the alert rules with them).
 */
export const MetricSpecs: Readonly<Record<MetricKey, MetricSpec>> = {
  busMessagesConsumed: { kind: 'counter', labels: ['group', 'topic', 'outcome'] },
  busRetries: { kind: 'counter', labels: ['group', 'topic', 'code'] },
  busDeadLetters: { kind: 'counter', labels: ['group', 'topic', 'code'] },
  busHandlerSeconds: { kind: 'histogram', labels: ['group', 'topic'] },
  capabilityLookups: { kind: 'counter', labels: ['source', 'guess'] },
  capabilityResolutions: { kind: 'counter', labels: ['region', 'carrier', 'level'] },
  capabilityCacheErrors: { kind: 'counter', labels: [] },
  capabilityRevalidations: { kind: 'counter', labels: [] },
  capabilityDowngrades: { kind: 'counter', labels: [] },
  routingDecisions: { kind: 'counter', labels: ['tenant', 'traffic_type', 'sensitivity', 'channel', 'action', 'reason'] },
  deliveryOutcomes: { kind: 'counter', labels: ['channel', 'status'] },
  auditRowsWritten: { kind: 'counter', labels: ['event_type'] },
  auditDuplicatesSkipped: { kind: 'counter', labels: ['event_type'] },
  auditVerifyFailures: { kind: 'counter', labels: [] },
  auditCheckpointAgeSeconds: { kind: 'gauge', labels: [] },
  rcsSends: { kind: 'counter', labels: ['verdict', 'variant'] },
  rcsSendSeconds: { kind: 'histogram', labels: ['verdict'] },
  rcsRetries: { kind: 'counter', labels: ['reason'] },
  rcsThrottled: { kind: 'counter', labels: ['limit'] },
  rcsInFlight: { kind: 'gauge', labels: [] },
  rcsWebhookEvents: { kind: 'counter', labels: ['type', 'outcome'] },
  rcsWebhookDuplicates: { kind: 'counter', labels: [] },
  rcsRevocations: { kind: 'counter', labels: ['result'] },
  smppWindowInUse: { kind: 'gauge', labels: ['bind'] },
  smppThrottleWaits: { kind: 'counter', labels: ['bind'] },
  smppThrottleWaitSeconds: { kind: 'counter', labels: ['bind'] },
  smppSubmits: { kind: 'counter', labels: ['status'] },
  smppReceipts: { kind: 'counter', labels: ['state'] },
  smppReconnects: { kind: 'counter', labels: ['bind'] },
  smppBindsUp: { kind: 'gauge', labels: [] },
  smppSubmitsInDoubt: { kind: 'counter', labels: ['cause'] },
  circuitState: { kind: 'gauge', labels: ['channel', 'path'] },
  circuitTransitions: { kind: 'counter', labels: ['channel', 'path', 'to'] },
  secureLinksCreated: { kind: 'counter', labels: ['key_mode'] },
  secureLinksClaimed: { kind: 'counter', labels: ['key_mode'] },
  secureLinksExpired: { kind: 'counter', labels: ['key_mode'] },
  secureLinksRevoked: { kind: 'counter', labels: ['key_mode', 'actor'] },
  secureLinksBurned: { kind: 'counter', labels: ['key_mode'] },
  secureLinksClaimRejected: { kind: 'counter', labels: ['reason'] },
  secureLinksRateLimited: { kind: 'counter', labels: ['bucket'] },
  secureLinksDegraded: { kind: 'counter', labels: ['what'] },
};
