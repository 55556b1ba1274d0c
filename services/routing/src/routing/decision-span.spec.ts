import { trace } from '@opentelemetry/api';
import { ActionTaken, Channel, create, E2eeCapability, FallbackReason, RoutingDecisionSchema, Sensitivity } from '@switchback/contracts';
import { installInMemoryTracing } from '@switchback/testing';
import { annotateDecisionSpan } from './decision-span';

describe('annotateDecisionSpan', () => {
  const tracing = installInMemoryTracing();
  afterAll(() => tracing.shutdown());

  it('puts the decision on the active span, metadata only', () => {
    const decision = create(RoutingDecisionSchema, {
      messageId: 'm-1',
      tenantId: 'acme',
      recipientHash: 'k1:abc',
      channel: Channel.SMS,
      e2eeCapability: E2eeCapability.UNAVAILABLE,
      fallbackReason: FallbackReason.NOT_RCS_REACHABLE,
      actionTaken: ActionTaken.SECURE_LINK_CREATED,
      sensitivity: Sensitivity.SECRET,
      detectorIds: ['secret.aws_access_key'],
      policyVersion: 3,
      cohort: 'pilot',
    });
    trace.getTracer('test').startActiveSpan('consume sb.send.resolved', (span) => {
      annotateDecisionSpan(decision);
      span.end();
    });
    const [span] = tracing.spans();
    expect(span?.attributes).toEqual({
      'sb.e2ee_capability': 'unavailable',
      'sb.fallback_reason': 'not_rcs_reachable',
      'sb.action_taken': 'secure_link_created',
      'sb.channel': 'sms',
      'sb.cohort': 'pilot',
      'sb.sensitivity': 'secret',
      'sb.policy_version': 3,
      'sb.detector_ids': ['secret.aws_access_key'],
      'sb.tenant_id': 'acme',
      'sb.message_id': 'm-1',
    });
  });

  it('does nothing without an active span', () => {
    expect(() => annotateDecisionSpan(create(RoutingDecisionSchema, {}))).not.toThrow();
  });
});
