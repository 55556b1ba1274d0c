/** Every Prometheus metric the platform exports, named in one place. */
export const MetricNames = {
  busMessagesConsumed: 'switchback_bus_messages_consumed_total',
  busRetries: 'switchback_bus_retries_total',
  busDeadLetters: 'switchback_bus_dead_letters_total',
  busHandlerSeconds: 'switchback_bus_handler_duration_seconds',
  capabilityLookups: 'switchback_capability_lookups_total',
  capabilityCacheErrors: 'switchback_capability_cache_errors_total',
  capabilityRevalidations: 'switchback_capability_revalidations_total',
  capabilityDowngrades: 'switchback_capability_downgrades_total',
  routingDecisions: 'switchback_routing_decisions_total',
  deliveryOutcomes: 'switchback_delivery_outcomes_total',
  auditRowsWritten: 'switchback_audit_rows_written_total',
} as const;
