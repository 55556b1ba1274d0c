import { ActionTaken, Channel, create, E2eeCapability, FallbackReason, RoutingDecisionSchema, Sensitivity } from '@switchback/contracts';
import { decisionView, formatDecision, passesFilters } from './decision-line';

const decision = (overrides: Parameters<typeof create<typeof RoutingDecisionSchema>>[1] = {}) =>
  create(RoutingDecisionSchema, {
    messageId: 'm-1',
    tenantId: 'acme',
    recipientHash: 'h4sh',
    channel: Channel.SMS,
    e2eeCapability: E2eeCapability.UNAVAILABLE,
    fallbackReason: FallbackReason.NOT_RCS_REACHABLE,
    actionTaken: ActionTaken.SECURE_LINK_CREATED,
    sensitivity: Sensitivity.SECRET,
    decidedAtMs: BigInt(Date.UTC(2026, 10, 23, 18, 40, 1, 123)),
    detectorIds: ['secret.connection_string'],
    cohort: 'default',
    contentFingerprint: 'fp-never-shown',
    overrideReason: 'free text never shown',
    leg: 1,
    ...overrides,
  });

describe('decision lines', () => {
  it('prints one line of metadata with the recipient hash', () => {
    expect(formatDecision(decisionView(decision()))).toBe(
      '2026-11-23T18:40:01.123Z tenant=acme message=m-1 channel=sms action=secure_link_created fallback=not_rcs_reachable sensitivity=secret cohort=default recipient=h4sh',
    );
  });

  it('gives JSON the same fields plus detail, never the fingerprint or an override reason', () => {
    const view = decisionView(decision());
    expect(view).toMatchObject({ messageId: 'm-1', e2eeCapability: 'unavailable', detectorIds: ['secret.connection_string'], policyVersion: 0, leg: 1 });
    expect(JSON.stringify(view)).not.toMatch(/fp-never-shown|free text/);
  });

  it('filters by tenant, action and sensitivity', () => {
    const all = { actions: [], sensitiveOnly: false };
    expect(passesFilters(decision(), { ...all, tenant: 'acme' })).toBe(true);
    expect(passesFilters(decision(), { ...all, tenant: 'other' })).toBe(false);
    expect(passesFilters(decision(), { ...all, actions: ['blocked', 'secure_link_created'] })).toBe(true);
    expect(passesFilters(decision(), { ...all, actions: ['sent_plain'] })).toBe(false);
    expect(passesFilters(decision({ sensitivity: Sensitivity.NORMAL }), { ...all, sensitiveOnly: true })).toBe(false);
    expect(passesFilters(decision({ sensitivity: Sensitivity.PERSONAL }), { ...all, sensitiveOnly: true })).toBe(true);
  });
});
