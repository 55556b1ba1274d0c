import { Sensitivity, TrafficType } from '@switchback/contracts';
import { ProblemException } from '@switchback/runtime';
import { bodyDigest, parseIdempotencyKey, parseMessageRequest, toSendRequested } from './message-request';

const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a problem');
};

describe('message request', () => {
  const valid = { to: '+447700900123', text: 'Your parcel arrives today.' };

  it('accepts a minimal body and one with every optional field', () => {
    expect(parseMessageRequest(valid)).toEqual(valid);
    const full = { ...valid, trafficType: 'otp', labels: ['a', 'b'], sensitive: true };
    expect(parseMessageRequest(full)).toEqual(full);
  });

  it('rejects bad fields with a 400 problem naming each, without echoing values', () => {
    const problem = problemOf(() => parseMessageRequest({ to: '07700900123', text: '', trafficType: 'spam', labels: Array(11).fill('x'), sensitive: 'yes', tenantId: 'other' }));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['labels', 'sensitive', 'tenantId', 'text', 'to', 'trafficType']);
    expect(JSON.stringify(problem)).not.toContain('07700900123');
  });

  it('rejects a text over 4096 characters and a body that is not an object', () => {
    expect(problemOf(() => parseMessageRequest({ ...valid, text: 'x'.repeat(4097) })).errors?.[0]?.field).toBe('text');
    expect(problemOf(() => parseMessageRequest(undefined)).status).toBe(400);
    expect(parseMessageRequest({ ...valid, text: 'x'.repeat(4096) }).text).toHaveLength(4096);
  });

  it('requires an Idempotency-Key of 1 to 128 visible characters', () => {
    expect(parseIdempotencyKey('order-42')).toBe('order-42');
    for (const bad of [undefined, '', 'x'.repeat(129), 'has space', ['a', 'b']]) {
      expect(problemOf(() => parseIdempotencyKey(bad)).errors?.[0]?.field).toBe('Idempotency-Key');
    }
  });

  it('digests equal bodies equally, whatever the key order or omitted defaults', () => {
    expect(bodyDigest(parseMessageRequest({ text: valid.text, to: valid.to }))).toBe(bodyDigest(parseMessageRequest({ ...valid, labels: [], sensitive: false })));
    expect(bodyDigest(parseMessageRequest(valid))).not.toBe(bodyDigest(parseMessageRequest({ ...valid, text: 'other' })));
    expect(bodyDigest(parseMessageRequest(valid))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds the send with the tenant it is given and the sender claims mapped', () => {
    const send = toSendRequested(parseMessageRequest({ ...valid, trafficType: 'alert', sensitive: true, labels: ['pii'] }), 'acme', 'm-1', 1_000);
    expect(send).toMatchObject({ messageId: 'm-1', tenantId: 'acme', recipient: valid.to, content: { text: valid.text }, trafficType: TrafficType.ALERT, sensitivity: Sensitivity.SENSITIVE, labels: ['pii'], requestedAtMs: 1000n });
  });
});
