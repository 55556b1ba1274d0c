import { RecordingEventSink, registerHandler } from '@switchback/bus';
import { create, DeliveryStatus, DispatchCommandSchema, FailureClass } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { Registry } from 'prom-client';
import { smppGatewayConfigSchema } from '../config/smpp-gateway.config';
import type { LegStore } from '../receipts/leg-store';
import { SmscCircuitOpenException, SmscUnavailableException, SubmitInProgressException, SubmitRejectedException, SubmitUnconfirmedException } from '../smpp/smpp.exception';
import { SmppMetrics } from '../smpp/smpp.metrics';
import type { LegSubmitter } from './leg-submitter';
import { SmsDispatcher } from './sms-dispatcher';
import type { IntentClaim, SubmitIntentStore } from './submit-intent.store';

const base = { IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', SMPP_URL: 'smpp://127.0.0.1:2775', SMPP_SYSTEM_ID: 's', SMPP_PASSWORD: 'p', BUS_RETRY_DELAYS_MS: '100,200' };
const command = create(DispatchCommandSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+447700900123', leg: 1, requestedAtMs: 5n, content: { text: 'Your code is 1234' } });

function setup(claim: IntentClaim, submit: () => Promise<string[]>, env: Record<string, string> = {}, recordedParts = new Map<number, string>()) {
  const config = smppGatewayConfigSchema.parse({ ...base, ...env });
  const intentOps: string[] = [];
  const intents = {
    claim: async () => claim,
    submitted: async (_i: unknown, ids: string[]) => void intentOps.push(`submitted ${ids.join(',')}`),
    refused: async (_i: unknown, reason: string) => void intentOps.push(`refused ${reason}`),
    inDoubt: async () => void intentOps.push('in_doubt'),
    release: async () => void intentOps.push('release'),
  } as unknown as SubmitIntentStore;
  let submits = 0;
  const submitter = { submit: async () => ((submits += 1), submit()) } as unknown as LegSubmitter;
  const legs = { begin: async () => undefined, submittedParts: async () => recordedParts } as unknown as LegStore;
  const outcomes: [string, string, string, string][] = [];
  const publisher = new RecordingEventSink([registerHandler('deliveryOutcome', async (o) => void outcomes.push([DeliveryStatus[o.status], o.reason, o.carrierMessageId, FailureClass[o.failureClass]]))]);
  const registry = new Registry();
  const dispatcher = new SmsDispatcher(submitter, legs, intents, publisher, new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' }), new SmppMetrics(registry), config);
  return { dispatcher, intentOps, outcomes, registry, submits: () => submits };
}

const claimed: IntentClaim = { kind: 'claimed', intent: { messageId: 'm-1', leg: 1, owner: 'pod/1' } };

describe('SmsDispatcher (submit intent decisions)', () => {
  it('submits a claimed leg, records the SMSC ids, reports SUBMITTED with the first', async () => {
    const { dispatcher, intentOps, outcomes } = setup(claimed, async () => ['A1', 'A2']);
    await dispatcher.dispatch(command);
    expect(intentOps).toEqual(['submitted A1,A2']);
    expect(outcomes).toEqual([['SUBMITTED', '', 'A1', 'UNSPECIFIED']]);
  });

  it('re-publishes SUBMITTED for a submitted leg without submitting', async () => {
    const { dispatcher, outcomes, submits } = setup({ kind: 'submitted', firstId: 'A1' }, async () => ['X']);
    await dispatcher.dispatch(command);
    expect(submits()).toBe(0);
    expect(outcomes).toEqual([['SUBMITTED', '', 'A1', 'UNSPECIFIED']]);
  });

  it('reports submit_in_doubt for a leg whose earlier attempt died mid-submit, counting it once', async () => {
    const { dispatcher, outcomes, submits, registry } = setup({ kind: 'in_doubt', fresh: true }, async () => ['X']);
    await dispatcher.dispatch(command);
    expect(submits()).toBe(0);
    expect(outcomes).toEqual([['FAILED', 'submit_in_doubt', '', 'IN_DOUBT']]);
    expect(await registry.metrics()).toMatch(/switchback_smpp_submits_in_doubt_total\{cause="instance_lost"\} 1/);
  });

  it('leaves a leg another attempt is submitting to a later bus retry, without FAILED even on the last attempt', async () => {
    const { dispatcher, outcomes } = setup({ kind: 'busy' }, async () => ['X']);
    await expect(dispatcher.dispatch(command, 3)).rejects.toBeInstanceOf(SubmitInProgressException);
    expect(outcomes).toEqual([]);
  });

  it('marks an unanswered submit in doubt and reports FAILED submit_in_doubt instead of retrying', async () => {
    const { dispatcher, intentOps, outcomes } = setup(claimed, async () => Promise.reject(new SubmitUnconfirmedException('response_timeout', 'late')));
    await dispatcher.dispatch(command);
    expect(intentOps).toEqual(['in_doubt']);
    expect(outcomes).toEqual([['FAILED', 'submit_in_doubt', '', 'IN_DOUBT']]);
  });

  it('with SMPP_IN_DOUBT_POLICY=resubmit, gives the claim back and lets the bus retry instead', async () => {
    const { dispatcher, intentOps, outcomes } = setup(claimed, async () => Promise.reject(new SubmitUnconfirmedException('disconnected', 'lost')), { SMPP_IN_DOUBT_POLICY: 'resubmit' });
    await expect(dispatcher.dispatch(command)).rejects.toBeInstanceOf(SubmitUnconfirmedException);
    expect(intentOps).toEqual(['release']);
    expect(outcomes).toEqual([]);
  });

  it('reports circuit_open (unsent, claim given back) when every connector is open', async () => {
    const { dispatcher, intentOps, outcomes } = setup(claimed, async () => Promise.reject(new SmscCircuitOpenException()));
    await dispatcher.dispatch(command);
    expect(intentOps).toEqual(['release']);
    expect(outcomes).toEqual([['FAILED', 'circuit_open', '', 'CIRCUIT_OPEN']]);
  });

  it('records a permanent refusal so a replay repeats it, and releases transient failures for the bus', async () => {
    const refused = setup(claimed, async () => Promise.reject(new SubmitRejectedException(0x0b)));
    await refused.dispatcher.dispatch(command);
    expect(refused.intentOps).toEqual(['refused ESME_RINVDSTADR']);
    expect(refused.outcomes).toEqual([['FAILED', 'ESME_RINVDSTADR', '', 'NOT_DELIVERED']]);
    const down = setup(claimed, async () => Promise.reject(new SmscUnavailableException('no bind')));
    await expect(down.dispatcher.dispatch(command, 3)).rejects.toBeInstanceOf(SmscUnavailableException);
    expect(down.intentOps).toEqual(['release']);
    expect(down.outcomes).toEqual([['FAILED', 'RETRIES_EXHAUSTED smsc_unavailable', '', 'NOT_DELIVERED']]);
  });

  it('reports SUBMITTED, not in doubt, when the dead attempt had recorded every part\'s SMSC id', async () => {
    const { dispatcher, outcomes, submits } = setup({ kind: 'in_doubt', fresh: true }, async () => ['X'], {}, new Map([[1, 'A1']]));
    await dispatcher.dispatch(command);
    expect(submits()).toBe(0);
    expect(outcomes).toEqual([['SUBMITTED', '', 'A1', 'UNSPECIFIED']]);
  });
});
