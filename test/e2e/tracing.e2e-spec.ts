import { DeliveryStatus } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { OtlpTraceReceiver, testEnv, uniqueName, type ReceivedSpan } from '@switchback/testing';
import path from 'node:path';
import { isOneTree, matches, outline, SpanKinds, type ExpectedSpan } from './support/trace-tree';

// One connected trace per message, on the compiled platform: every service exports its spans
// (OTLP/HTTP JSON) to a receiver in this process, as it would to a collector in production.
const root = path.resolve(__dirname, '../..');
const PLAIN_CANARY = 'canary-trace-4b7e0d-plain';
const SECRET_CANARY = 'Zq8trace3c91f';
const SECRET_TEXT = `Prod DB: postgres://app:${SECRET_CANARY}@db.internal:5432/orders`;
const RCS_NUMBER = '+447700900321';
const SMS_ONLY = '+447700900987'; // the hub simulator answers +4477009009… as "no RCS"
const NUMBERS = /447700900(321|987)/;

/** The spans of the send path of a message, from the producer's request to the carrier call. */
const common: ExpectedSpan[] = [
  { service: 'routing', kind: SpanKinds.server },
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.send.requested' },
  { service: 'capability-discovery', kind: SpanKinds.consumer, topic: 'sb.send.requested' },
  { service: 'capability-discovery', kind: SpanKinds.producer, topic: 'sb.send.resolved' },
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.send.resolved' },
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.routing.decision' },
  { service: 'audit-sink', kind: SpanKinds.consumer, topic: 'sb.routing.decision' },
];
const viaRcs: ExpectedSpan[] = [
  ...common,
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.dispatch.rcs' },
  { service: 'rcs-gateway', kind: SpanKinds.consumer, topic: 'sb.dispatch.rcs' },
  { service: 'rcs-gateway', kind: SpanKinds.client }, // the call to the RBM hub
  { service: 'rcs-gateway', kind: SpanKinds.producer, topic: 'sb.delivery.outcome' }, // SUBMITTED
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.delivery.outcome' },
];
const viaSecureLinkOverSms: ExpectedSpan[] = [
  ...common,
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.dispatch.securelink' },
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.dispatch.securelink' },
  { service: 'routing', kind: SpanKinds.client }, // POST /v1/links
  { service: 'payload-store', kind: SpanKinds.server },
  { service: 'payload-store', kind: SpanKinds.producer, topic: 'sb.securelink.lifecycle' },
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.dispatch.sms' },
  { service: 'smpp-gateway', kind: SpanKinds.consumer, topic: 'sb.dispatch.sms' },
  { service: 'smpp-gateway', kind: SpanKinds.producer, topic: 'sb.delivery.outcome' }, // SUBMITTED
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.delivery.outcome' },
];

/** Topics a message crosses before the carrier answers: all of them belong to its one trace. */
const SEND_PATH_TOPICS = ['sb.send.requested', 'sb.send.resolved', 'sb.routing.decision', 'sb.dispatch.rcs', 'sb.dispatch.sms', 'sb.dispatch.securelink'];
const topicOf = (span: ReceivedSpan) => /\.(sb\.[a-z.]+)$/.exec(span.name)?.[1];
const messageIdOf = (span: ReceivedSpan) => span.attributes['messaging.message.id'];

describe('tracing: one connected trace per message, from the producer to the carrier call', () => {
  const namespace = uniqueName('tr').replace(/-/g, '_');
  let receiver: OtlpTraceReceiver;
  let stack: Stack;
  let watcher: OutcomeWatcher;
  const sent = new Map<string, string>(); // label → message id

  beforeAll(async () => {
    receiver = await OtlpTraceReceiver.start();
    stack = new Stack({ distDir: path.join(root, 'dist'), logDir: path.join(root, '.tools', 'logs', namespace), kafkaBrokers: testEnv.kafkaBrokers.join(','), namespace, basePort: 4800, databaseUrl: testEnv.databaseUrl, redisUrl: testEnv.redisUrl, smsOnlyPrefixes: ['+4477009009'], otlpTracesUrl: receiver.tracesUrl });
    watcher = new OutcomeWatcher(testEnv.kafkaBrokers, stack.topicPrefix);
    await stack.start();
    await watcher.start();
  }, 120_000);

  afterAll(async () => {
    await watcher?.stop();
    await stack?.stop();
    await receiver?.close();
  }, 60_000);

  const submit = async (label: string, to: string, text: string): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${stack.ports['routing']}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.demoApiKey}`, 'idempotency-key': `${namespace}-${label}` },
      body: JSON.stringify({ to, text, trafficType: 'transactional' }),
    });
    expect(response.status).toBe(202);
    const { messageId } = (await response.json()) as { messageId: string };
    sent.set(label, messageId);
    return messageId;
  };

  /** The trace that holds the ingress's publish of this message. */
  const traceIdOf = (spans: readonly ReceivedSpan[], messageId: string) =>
    spans.find((s) => s.service === 'routing' && s.kind === SpanKinds.producer && topicOf(s) === 'sb.send.requested' && messageIdOf(s) === messageId)?.traceId;

  /** Waits (bounded) until the message's trace holds every expected span and is one tree. */
  const completeTrace = async (messageId: string, expected: readonly ExpectedSpan[]): Promise<ReceivedSpan[]> => {
    const current = () => {
      const traceId = traceIdOf(receiver.spans, messageId);
      return traceId ? receiver.spans.filter((s) => s.traceId === traceId) : [];
    };
    try {
      await receiver.waitFor(() => {
        const trace = current();
        return expected.every((e) => trace.some((s) => matches(s, e))) && isOneTree(trace);
      }, 45_000);
    } catch (error) {
      const trace = current();
      const missing = expected.filter((e) => !trace.some((s) => matches(s, e)));
      const strays = receiver.spans.filter((s) => messageIdOf(s) === messageId && !trace.includes(s));
      throw new Error(`${(error as Error).message}\nmissing: ${JSON.stringify(missing)}\ntrace:\n${outline(trace)}\nspans of ${messageId} in other traces:\n${outline(strays)}`);
    }
    return current();
  };

  /** Assertions shared by both sends: one root at the ingress, only this message, every hop. */
  const expectOneTraceOf = (trace: ReceivedSpan[], messageId: string, expected: readonly ExpectedSpan[]) => {
    const roots = trace.filter((s) => s.parentSpanId === '');
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ service: 'routing', kind: SpanKinds.server, attributes: expect.objectContaining({ 'http.request.method': 'POST' }) });
    expect([...new Set(trace.map((s) => s.service))].sort()).toEqual([...new Set(expected.map((e) => e.service))].sort());
    // No other message's spans in this trace (a context leaking from one message to the next).
    // Events about something else (payload-store's `link:…` lifecycle ids) may join it.
    const messageIds = new Set(receiver.spans.filter((s) => s.kind === SpanKinds.producer && topicOf(s) === 'sb.send.requested').map(messageIdOf));
    expect(new Set(trace.map(messageIdOf).filter((id) => messageIds.has(id)))).toEqual(new Set([messageId]));
    // No hop of the send path started a trace of its own: every publish of it is in this one.
    const sendPath = receiver.spans.filter((s) => messageIdOf(s) === messageId && SEND_PATH_TOPICS.includes(topicOf(s) ?? ''));
    expect(new Set(sendPath.map((s) => s.traceId))).toEqual(new Set([trace[0]!.traceId]));
  };

  const decisionSpan = (trace: ReceivedSpan[]) => trace.find((s) => s.service === 'routing' && s.kind === SpanKinds.consumer && topicOf(s) === 'sb.send.resolved');

  it('traces a normal message from the ingress through Kafka to the RCS hub call, with the decision on the routing span', async () => {
    const messageId = await submit('rcs', RCS_NUMBER, `Your parcel ${PLAIN_CANARY} is on its way`);
    const trace = await completeTrace(messageId, viaRcs);
    expectOneTraceOf(trace, messageId, viaRcs);
    expect(decisionSpan(trace)?.attributes).toMatchObject({
      'sb.message_id': messageId,
      'sb.tenant_id': 'demo',
      'sb.channel': 'rcs',
      'sb.action_taken': 'sent_plain',
      'sb.fallback_reason': 'none',
      'sb.e2ee_capability': 'unavailable',
      'sb.cohort': 'default',
      'sb.sensitivity': 'normal',
    });
  }, 60_000);

  it('traces a secret through the secure link (routing → payload-store over HTTP) to the SMPP gateway in the same trace', async () => {
    const messageId = await submit('secret', SMS_ONLY, SECRET_TEXT);
    const trace = await completeTrace(messageId, viaSecureLinkOverSms);
    expectOneTraceOf(trace, messageId, viaSecureLinkOverSms);
    expect(decisionSpan(trace)?.attributes).toMatchObject({
      'sb.message_id': messageId,
      'sb.channel': 'sms',
      'sb.action_taken': 'secure_link_created',
      'sb.fallback_reason': 'not_rcs_reachable',
      'sb.e2ee_capability': 'unavailable',
      'sb.cohort': 'default',
      'sb.sensitivity': 'secret',
      'sb.detector_ids': ['secret.connection_string'],
    });
  }, 60_000);

  it('gives each carrier receipt a connected trace of its own, rooted in the gateway that received it', async () => {
    // A receipt is the carrier calling back later: no trace context comes with it.
    const ids = [...sent.values()];
    await watcher.waitFor((outcomes) => ids.every((id) => outcomes.some((o) => o.messageId === id && o.status === DeliveryStatus.DELIVERED)), 45_000);
    const receipts = (spans: readonly ReceivedSpan[]) => {
      const sendTraces = new Set([...sent.values()].map((id) => traceIdOf(spans, id)));
      const traceIds = new Set(spans.filter((s) => ids.includes(String(messageIdOf(s))) && topicOf(s) === 'sb.delivery.outcome' && !sendTraces.has(s.traceId)).map((s) => s.traceId));
      return [...traceIds].map((traceId) => spans.filter((s) => s.traceId === traceId));
    };
    // Complete when each is one tree and reached routing (which ends the leg on it).
    const routed = (trace: ReceivedSpan[]) => trace.some((s) => s.service === 'routing' && s.kind === SpanKinds.consumer && topicOf(s) === 'sb.delivery.outcome');
    await receiver.waitFor((spans) => {
      const traces = receipts(spans);
      return traces.length >= sent.size && traces.every((trace) => isOneTree(trace) && routed(trace));
    }, 20_000);
    const roots = receipts(receiver.spans).map((trace) => trace.find((s) => s.parentSpanId === '')!);
    expect([...new Set(roots.map((root) => root.service))].sort()).toEqual(['rcs-gateway', 'smpp-gateway']);
  }, 60_000);

  it('exports no text, link key or phone number in any span, event or resource, receipts and lookups included', async () => {
    // After the sends and their receipts above: a dry run, which looks the number up by URL.
    const dryRun = await fetch(`http://127.0.0.1:${stack.ports['routing']}/v1/messages:dryRun`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.demoApiKey}` },
      body: JSON.stringify({ to: RCS_NUMBER, text: `dry ${PLAIN_CANARY}` }),
    });
    expect(dryRun.status).toBe(200);
    const lookup = (s: ReceivedSpan) => s.service === 'capability-discovery' && s.kind === SpanKinds.server;
    await receiver.waitFor((spans) => spans.some(lookup) && spans.some((s) => s.service === 'routing' && s.attributes['url.path'] === '/v1/messages:dryRun'), 15_000);
    // The secure link as the SMSC received it: its fragment is the key to the text.
    const smsc = await (await fetch(`http://127.0.0.1:${stack.ports['smsc-admin']}/_sim/messages`)).text();
    const fragment = /\/s\/[A-Za-z0-9_-]+#([A-Za-z0-9._-]+)/.exec(smsc)?.[1];
    expect(fragment).toBeDefined();

    // Every raw body as exported (resources, spans, attributes, events, links), and per span for the message.
    const everything = receiver.payloads.join('\n');
    expect(receiver.spans.length).toBeGreaterThan(30);
    for (const secret of [PLAIN_CANARY, SECRET_CANARY, 'db.internal', fragment!]) {
      const leaks = receiver.spans.filter((s) => JSON.stringify(s).includes(secret)).map((s) => `${s.service} ${s.name}`);
      expect({ secret, leaks, exported: everything.includes(secret) }).toEqual({ secret, leaks: [], exported: false });
    }
    const numberLeaks = receiver.spans.filter((s) => NUMBERS.test(JSON.stringify(s)) || /%2B44/i.test(JSON.stringify(s))).map((s) => `${s.service} ${s.name} ${JSON.stringify(s.attributes)}`);
    expect(numberLeaks).toEqual([]);
    expect({ numbers: NUMBERS.test(everything), encoded: /%2B44/i.test(everything) }).toEqual({ numbers: false, encoded: false });
    // The lookup's path is still there for operators, with the number replaced.
    expect(receiver.spans.find(lookup)?.attributes['url.path']).toBe('/v1/capabilities/{e164}');
  }, 30_000);
});
