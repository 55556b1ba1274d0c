import { Channel as C, DeliveryStatus as S, FailureClass as F, FallbackReason as R } from '@switchback/contracts';
import { FAILOVER_DEFAULTS } from '../policy/failover-policy';
import { exclusionsAfter, failoverOnFailure, movesLifecycle, onOutcome } from './lifecycle-machine';
import type { LegSnapshot, MessageSnapshot } from './lifecycle-state';

const leg = (n: number, channel: C, state: LegSnapshot['state'] = 'live', revokeReason: LegSnapshot['revokeReason'] = null): LegSnapshot => ({ leg: n, channel, state, revokeReason });
const message = (legs: LegSnapshot[], patch: Partial<MessageSnapshot> = {}): MessageSnapshot => ({
  messageId: 'm-1',
  tenantId: 'acme',
  recipientHash: 'k1:hash',
  trafficType: 'transactional',
  state: 'dispatched',
  legsDispatched: Math.max(...legs.map((l) => l.leg)),
  failovers: 0,
  sealed: true,
  terminalLeg: null,
  legs,
  ...patch,
});
const RULE = FAILOVER_DEFAULTS.transactional;
const PROMO = FAILOVER_DEFAULTS.promotional;
const out = (n: number, status: S, reason = '', failureClass = status === S.FAILED ? F.NOT_DELIVERED : F.UNSPECIFIED) => ({ leg: n, status, reason, failureClass });

describe('failoverOnFailure (the safety rule of FAILED legs)', () => {
  const classes = Object.values(F).filter((value): value is F => typeof value === 'number');
  const rules = [RULE, PROMO, { ...RULE, onErrorClass: false }, { ...RULE, onErrorClass: true }];

  it('never fails over a leg that may have been sent, was refused to fail closed, or is unclassified, under any rule', () => {
    for (const rule of rules) for (const never of [F.IN_DOUBT, F.FAIL_CLOSED, F.UNSPECIFIED]) expect(failoverOnFailure(never, rule)).toBeUndefined();
  });

  it('decides every class the contract defines (a new class fails here until the rule names it)', () => {
    expect(classes.sort()).toEqual([F.UNSPECIFIED, F.NOT_DELIVERED, F.IN_DOUBT, F.CIRCUIT_OPEN, F.FAIL_CLOSED].sort());
    expect(classes.map((failureClass) => failoverOnFailure(failureClass, { ...RULE, onErrorClass: true }))).toEqual(
      classes.map((failureClass) => ({ [F.NOT_DELIVERED]: R.DELIVERY_FAILED, [F.CIRCUIT_OPEN]: R.CIRCUIT_OPEN })[failureClass as number]),
    );
  });

  it('reads the class, never the reason text: a reworded reason cannot turn an unconfirmed SMS into a failover', () => {
    expect(onOutcome(message([leg(1, C.SMS)]), out(1, S.FAILED, 'reworded: maybe sent', F.IN_DOUBT), RULE)).toMatchObject({ kind: 'end' });
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.FAILED, 'submit_in_doubt', F.NOT_DELIVERED), RULE)).toMatchObject({ kind: 'failover' });
  });
});

describe('onOutcome (the message state machine)', () => {
  it('statuses that movesLifecycle rules out are ignored in every state, so routing may skip the row lock for them', () => {
    const statuses = Object.values(S).filter((value): value is S => typeof value === 'number');
    const skipped = statuses.filter((status) => !movesLifecycle(status));
    expect(skipped).toContain(S.SUBMITTED);
    expect(skipped).not.toContain(S.DELIVERED);
    const shapes: MessageSnapshot[] = [
      message([leg(1, C.RCS)]),
      message([leg(1, C.RCS), leg(2, C.SMS)]),
      message([leg(1, C.RCS, 'delivered')], { state: 'delivered', terminalLeg: 1 }),
      message([leg(1, C.RCS, 'failed'), leg(2, C.SMS)], { failovers: 1 }),
      message([leg(1, C.SMS, 'revoking')]),
    ];
    for (const status of skipped) for (const shape of shapes) for (const n of [1, 2, 3]) expect(onOutcome(shape, out(n, status), RULE)).toEqual({ kind: 'ignore' });
    // Every status it keeps does change some message.
    for (const status of statuses.filter(movesLifecycle)) expect(shapes.some((shape) => onOutcome(shape, out(1, status), RULE).kind !== 'ignore')).toBe(true);
  });

  it('ends a message at its first DELIVERED', () => {
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.DELIVERED), RULE)).toEqual({ kind: 'win', leg: 1, legState: 'delivered', revoke: [], lose: [] });
  });

  it('dual delivery: the first delivery wins, the open RCS leg is revoked and the open SMS leg lost', () => {
    const dual = message([leg(1, C.RCS), leg(2, C.SMS)]);
    expect(onOutcome(dual, out(2, S.DELIVERED), RULE)).toMatchObject({ kind: 'win', leg: 2, revoke: [leg(1, C.RCS)], lose: [] });
    expect(onOutcome(dual, out(1, S.READ), RULE)).toMatchObject({ kind: 'win', leg: 1, legState: 'read', revoke: [], lose: [leg(2, C.SMS)] });
  });

  it('never ends a message twice: a loser delivered later is recorded, the winner redelivered is ignored', () => {
    const ended = message([leg(1, C.RCS, 'delivered'), leg(2, C.SMS, 'lost'), leg(3, C.RCS, 'revoking', 'dual_delivery_lost')], { state: 'delivered', terminalLeg: 1 });
    expect(onOutcome(ended, out(1, S.DELIVERED), RULE)).toEqual({ kind: 'ignore' });
    expect(onOutcome(ended, out(2, S.DELIVERED), RULE)).toEqual({ kind: 'ignore' }); // lost: settled already
    expect(onOutcome(ended, out(3, S.DELIVERED, 'already_delivered'), RULE)).toEqual({ kind: 'settle', leg: 3, legState: 'delivered' });
    expect(onOutcome(ended, out(3, S.REVOKED, 'dual_delivery_lost'), RULE)).toEqual({ kind: 'settle', leg: 3, legState: 'revoked' });
  });

  it('moves a delivered message to read on the winning leg, without a second end', () => {
    const delivered = message([leg(1, C.RCS, 'delivered')], { state: 'delivered', terminalLeg: 1 });
    expect(onOutcome(delivered, out(1, S.READ), RULE)).toEqual({ kind: 'settle', leg: 1, legState: 'read', messageState: 'read' });
    expect(onOutcome({ ...delivered, state: 'read' }, out(1, S.READ), RULE)).toEqual({ kind: 'ignore' });
  });

  it('fails over from an unreachable RCS leg, excluding every rung from RCS up', () => {
    const step = onOutcome(message([leg(1, C.RCS)]), out(1, S.UNREACHABLE, 'http_404'), RULE);
    expect(step).toMatchObject({ kind: 'failover', leg: 1, legState: 'unreachable', reason: R.DELIVERY_FAILED, end: { status: S.FAILED, reason: 'http_404' } });
    expect(step.kind === 'failover' && [...step.excluded.keys()].sort()).toEqual([C.RCS_E2EE, C.INAPP_E2EE, C.RCS]);
  });

  it('an unreachable RCS E2EE leg rules out plain RCS too, but not in-app E2EE', () => {
    const step = onOutcome(message([leg(1, C.RCS_E2EE)]), out(1, S.UNREACHABLE, 'http_404'), RULE);
    expect(step.kind === 'failover' && [...step.excluded.keys()].sort()).toEqual([C.RCS_E2EE, C.RCS]);
  });

  it('never fails over a submit in doubt (the SMS may be out), nor a fail-closed secure link', () => {
    expect(onOutcome(message([leg(1, C.SMS)]), out(1, S.FAILED, 'submit_in_doubt', F.IN_DOUBT), RULE)).toEqual({ kind: 'end', leg: 1, legState: 'failed', status: S.FAILED, reason: 'submit_in_doubt' });
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.FAILED, 'key_mode_not_served:passphrase', F.FAIL_CLOSED), RULE)).toMatchObject({ kind: 'end', status: S.FAILED });
  });

  it('fails over an open circuit even where error classes do not, and error classes only where the rule says', () => {
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.FAILED, 'circuit_open', F.CIRCUIT_OPEN), PROMO)).toMatchObject({ kind: 'failover', reason: R.CIRCUIT_OPEN });
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.FAILED, 'retries_exhausted_5xx'), PROMO)).toMatchObject({ kind: 'end', status: S.FAILED, reason: 'retries_exhausted_5xx' });
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.FAILED, 'retries_exhausted_5xx'), RULE)).toMatchObject({ kind: 'failover', reason: R.DELIVERY_FAILED });
  });

  it('fails over a TTL expiry with TTL_EXPIRED, or ends EXPIRED where the rule does not', () => {
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.EXPIRED, 'ttl'), RULE)).toMatchObject({ kind: 'failover', reason: R.TTL_EXPIRED });
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.EXPIRED, 'ttl'), PROMO)).toMatchObject({ kind: 'end', status: S.EXPIRED });
  });

  it('after a timeout revoke: REVOKED fails over with DELIVERY_TIMEOUT, already_delivered ends delivered', () => {
    const revoking = message([leg(1, C.RCS, 'revoking', 'delivery_timeout')]);
    expect(onOutcome(revoking, out(1, S.REVOKED, 'delivery_timeout'), RULE)).toMatchObject({ kind: 'failover', reason: R.DELIVERY_TIMEOUT, legState: 'revoked' });
    expect(onOutcome(revoking, out(1, S.DELIVERED, 'already_delivered'), RULE)).toMatchObject({ kind: 'win', leg: 1, legState: 'delivered' });
    // A revoke nobody asked for ends the message revoked.
    expect(onOutcome(message([leg(1, C.RCS)]), out(1, S.REVOKED), RULE)).toMatchObject({ kind: 'end', status: S.REVOKED });
  });

  it('stops at maxFailovers, and without the sealed send', () => {
    expect(onOutcome(message([leg(1, C.RCS, 'unreachable'), leg(2, C.RCS)], { failovers: 2 }), out(2, S.FAILED, 'x'), RULE)).toMatchObject({ kind: 'end', reason: 'max_failovers:x' });
    expect(onOutcome(message([leg(1, C.RCS)], { sealed: false }), out(1, S.UNREACHABLE, 'http_404'), RULE)).toMatchObject({ kind: 'end', status: S.FAILED });
  });

  it('waits while another leg is open, then fails over without either failed rung', () => {
    expect(onOutcome(message([leg(1, C.RCS), leg(2, C.SMS)]), out(1, S.UNREACHABLE), RULE)).toEqual({ kind: 'wait', leg: 1, legState: 'unreachable' });
    const step = onOutcome(message([leg(1, C.RCS, 'unreachable'), leg(2, C.SMS)]), out(2, S.FAILED, 'x'), RULE);
    expect(step.kind === 'failover' && step.excluded.size).toBe(4);
  });

  it('ignores a redelivered failure, a SUBMITTED and an unknown leg', () => {
    const failedOver = message([leg(1, C.RCS, 'unreachable'), leg(2, C.SMS)], { failovers: 1 });
    expect(onOutcome(failedOver, out(1, S.UNREACHABLE), RULE)).toEqual({ kind: 'ignore' });
    expect(onOutcome(failedOver, out(2, S.SUBMITTED), RULE)).toEqual({ kind: 'ignore' });
    expect(onOutcome(failedOver, out(9, S.DELIVERED), RULE)).toEqual({ kind: 'ignore' });
  });
});

describe('exclusionsAfter', () => {
  it('names the current failure on its rungs and earlier failures as DELIVERY_FAILED', () => {
    const excluded = exclusionsAfter([leg(1, C.INAPP_E2EE, 'failed'), leg(2, C.SMS, 'revoked')], leg(2, C.SMS, 'revoked'), R.DELIVERY_TIMEOUT);
    expect(Object.fromEntries(excluded)).toEqual({ [C.RCS_E2EE]: R.DELIVERY_TIMEOUT, [C.INAPP_E2EE]: R.DELIVERY_TIMEOUT, [C.RCS]: R.DELIVERY_TIMEOUT, [C.SMS]: R.DELIVERY_TIMEOUT });
  });
});
