import { DeliveryStatus } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { OtlpTraceReceiver, testEnv, uniqueName, type ReceivedSpan } from '@switchback/testing';
import path from 'node:path';
import { isOneTree, matches, outline, SpanKinds, type ExpectedSpan } from './support/trace-tree';

// One connected trace per message, on the compiled platform: every service exports its spans
// (OTLP/HTTP JSON) to a receiver in this process, as it would to a collector in production.
// The carrier's receipt, which comes back later without any trace context, joins that trace
// too: the gateway keeps the context of the leg's send with the leg and resumes it.
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
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.send.requested' },
  { service: 'routing', kind: SpanKinds.client }, // GET capability-discovery's /v1/capabilities/:e164
  { service: 'capability-discovery', kind: SpanKinds.server },
  { service: 'routing', kind: SpanKinds.producer, topic: 'sb.routing.decision' },
  { service: 'audit-sink', kind: SpanKinds.consumer, topic: 'sb.routing.decision' },
  // Turns the decision into the tenant's status callbacks (none registered here: it only consumes).
  { service: 'webhook-dispatcher', kind: SpanKinds.consumer, topic: 'sb.routing.decision' },
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
  { service: 'smpp-gateway', kind: SpanKinds.client, name: 'smpp submit_sm', attributes: { 'smpp.command_status': 0 } }, // the submit_sm to the SMSC
  { service: 'smpp-gateway', kind: SpanKinds.producer, topic: 'sb.delivery.outcome' }, // SUBMITTED
  { service: 'routing', kind: SpanKinds.consumer, topic: 'sb.delivery.outcome' },
];

/**
 * How each message's DELIVERED receipt shows in its trace: the gateway's receipt span, the
 * consumer span of the leg's dispatch as its parent, and the carrier's own request (the RBM
 * webhook's HTTP SERVER span, the deliver_sm's SERVER span) as the root of another trace it links to.
 */
interface ReceiptPath {
  readonly label: string;
  readonly gateway: string;
  readonly sendPath: readonly ExpectedSpan[];
  readonly receipt: ExpectedSpan;
  readonly dispatchTopic: string;
  readonly isCarrierRequest: (span: ReceivedSpan) => boolean;
}
const RECEIPTS: readonly ReceiptPath[] = [
  {
    label: 'rcs',
    gateway: 'rcs-gateway',
    sendPath: viaRcs,
    receipt: { service: 'rcs-gateway', kind: SpanKinds.internal, name: 'rcs delivery receipt', attributes: { 'sb.delivery_status': 'delivered', 'sb.channel': 'rcs' } },
    dispatchTopic: 'sb.dispatch.rcs',
    isCarrierRequest: (s) => s.service === 'rcs-gateway' && s.kind === SpanKinds.server && s.attributes['http.request.method'] === 'POST',
  },
  {
    label: 'secret',
    gateway: 'smpp-gateway',
    sendPath: viaSecureLinkOverSms,
    receipt: { service: 'smpp-gateway', kind: SpanKinds.internal, name: 'sms delivery receipt', attributes: { 'sb.delivery_status': 'delivered', 'sb.channel': 'sms' } },
    dispatchTopic: 'sb.dispatch.sms',
    isCarrierRequest: (s) => s.service === 'smpp-gateway' && s.kind === SpanKinds.server && s.name === 'smpp deliver_sm',
  },
];

/** Topics a message crosses before the carrier answers: all of them belong to its one trace. */
const SEND_PATH_TOPICS = ['sb.send.requested', 'sb.routing.decision', 'sb.dispatch.rcs', 'sb.dispatch.sms', 'sb.dispatch.securelink'];
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
    watcher = new OutcomeWatcher(testEnv.kafkaBrokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
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

  /** Waits (bounded) until the message's trace holds every expected span (and what `also` asks) and is one tree. */
  const completeTrace = async (messageId: string, expected: readonly ExpectedSpan[], also: (trace: ReceivedSpan[]) => boolean = () => true): Promise<ReceivedSpan[]> => {
    const current = () => {
      const traceId = traceIdOf(receiver.spans, messageId);
      return traceId ? receiver.spans.filter((s) => s.traceId === traceId) : [];
    };
    try {
      await receiver.waitFor(() => {
        const trace = current();
        return expected.every((e) => trace.some((s) => matches(s, e))) && also(trace) && isOneTree(trace);
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

  const decisionSpan = (trace: ReceivedSpan[]) => trace.find((s) => s.service === 'routing' && s.kind === SpanKinds.consumer && topicOf(s) === 'sb.send.requested');

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

  /** The receipt span of the message in this trace, the DELIVERED publish under it, and routing's consumer of that. */
  const receiptChain = (trace: readonly ReceivedSpan[], path: ReceiptPath, messageId: string) => {
    const receipt = trace.find((s) => matches(s, path.receipt) && s.attributes['sb.message_id'] === messageId);
    const publish = receipt && trace.find((s) => s.parentSpanId === receipt.spanId && s.service === path.gateway && s.kind === SpanKinds.producer && topicOf(s) === 'sb.delivery.outcome');
    const routed = publish && trace.find((s) => s.parentSpanId === publish.spanId && s.service === 'routing' && s.kind === SpanKinds.consumer && topicOf(s) === 'sb.delivery.outcome');
    return { receipt, publish, routed };
  };

  it.each(RECEIPTS.map((path) => [path.label, path] as const))('puts the DELIVERED receipt of the %s message in its one trace, linked to the carrier request that brought it', async (label, path) => {
    const messageId = sent.get(label);
    expect(messageId).toBeDefined(); // sent by the tests above
    await watcher.waitFor((outcomes) => outcomes.some((o) => o.messageId === messageId && o.status === DeliveryStatus.DELIVERED), 45_000);
    // Complete when the receipt reached routing (which ends the leg on it) and the trace is still one tree.
    const trace = await completeTrace(messageId!, [...path.sendPath, path.receipt], (t) => receiptChain(t, path, messageId!).routed !== undefined);
    expectOneTraceOf(trace, messageId!, [...path.sendPath, path.receipt]);
    expect(isOneTree(trace)).toBe(true);
    const { receipt, publish, routed } = receiptChain(trace, path, messageId!);
    expect([receipt, publish, routed].every(Boolean)).toBe(true);
    // The receipt continues the leg's send: its parent is the gateway's consumer span of the dispatch command.
    const parent = trace.find((s) => s.spanId === receipt!.parentSpanId);
    expect({ service: parent?.service, kind: parent?.kind, topic: parent && topicOf(parent) }).toEqual({ service: path.gateway, kind: SpanKinds.consumer, topic: path.dispatchTopic });
    // No receipt of this message was handled in a trace of its own.
    const elsewhere = receiver.spans.filter((s) => s.name.endsWith(' delivery receipt') && s.attributes['sb.message_id'] === messageId && s.traceId !== receipt!.traceId);
    expect(elsewhere.map((s) => `${s.service} ${s.name} ${String(s.attributes['sb.receipt.type'])}`)).toEqual([]);
    // The carrier's request is still findable: the receipt links to it, the root of its own trace.
    expect(receipt!.links).toHaveLength(1);
    const link = receipt!.links[0]!;
    expect(link.traceId).not.toBe(receipt!.traceId);
    const spans = await receiver.waitFor((all) => all.some((s) => s.spanId === link.spanId), 15_000);
    const request = spans.find((s) => s.spanId === link.spanId)!;
    expect({ carrierRequest: path.isCarrierRequest(request), traceId: request.traceId, root: request.parentSpanId === '' }).toEqual({ carrierRequest: true, traceId: link.traceId, root: true });
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
