import { SpanKind, trace } from '@opentelemetry/api';
import { ChannelBreakers, type BreakerPermit } from '@switchback/circuit';
import { Channel, create, DispatchCommandSchema } from '@switchback/contracts';
import { installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { Registry } from 'prom-client';
import type { Pdu } from 'smpp';
import { smppGatewayConfigSchema } from '../config/smpp-gateway.config';
import { planSubmit } from '../encoding/submit-plan';
import type { LegStore } from '../receipts/leg-store';
import type { SmppClient } from '../smpp/smpp-client';
import { smppConnectors } from '../smpp/smpp-connectors';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { LegSubmitter } from './leg-submitter';
import type { SubmitIntentStore } from './submit-intent.store';

const NUMBER = '+447700900123';
const SOURCE = 'SwitchbackCanary';
const TEXT_CANARY = 'canary-5f2e9a';
const PATH = 'smpp:127.0.0.1:2775';
const config = smppGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', SMPP_URL: 'smpp://127.0.0.1:2775', SMPP_SYSTEM_ID: 's', SMPP_PASSWORD: 'p', SMPP_SOURCE_ADDR: SOURCE, SMPP_LOCAL_RETRIES: '0' });

/** A submitter on a fake SMSC that answers each submit_sm with the next status (0 = accepted). */
function setup(statuses: number[]) {
  const sent: Record<string, unknown>[] = [];
  const smpp = {
    pathIds: [PATH],
    configured: smppConnectors(config),
    lease: () => ({
      name: 'bind-1',
      submit: async (fields: Record<string, unknown>) => {
        sent.push(fields);
        const status = statuses.shift() ?? 0;
        return { command_status: status, message_id: `ID${sent.length}` } as unknown as Pdu;
      },
    }),
  } as unknown as SmppClient;
  const legs = { submittedParts: async () => new Map<number, string>(), recordPart: async () => undefined } as unknown as LegStore;
  const intents = { heartbeat: async () => undefined } as unknown as SubmitIntentStore;
  const permit: BreakerPermit = { success: () => undefined, failure: () => undefined, release: () => undefined };
  const breakers = { acquire: () => permit } as unknown as ChannelBreakers;
  return { submitter: new LegSubmitter(smpp, legs, intents, new SmppMetrics(new Registry()), config, breakers), sent };
}

describe('LegSubmitter tracing', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => (tracing = installInMemoryTracing()));
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  const submitIn = (consumerSpan: string, statuses: number[], text: string) => {
    const { submitter, sent } = setup(statuses);
    const command = create(DispatchCommandSchema, { messageId: 'm-1', tenantId: 'acme', recipient: NUMBER, leg: 1, requestedAtMs: 5n, content: { text } });
    const plan = planSubmit({ text, referenceSeed: 'm-1/1', concatenation: config.SMPP_CONCATENATION, maxParts: config.SMPP_MAX_PARTS });
    return trace.getTracer('test').startActiveSpan(consumerSpan, { kind: SpanKind.CONSUMER }, async (span) => {
      try {
        return { ids: await submitter.submit(command, plan, 'k1:hash', { messageId: 'm-1', leg: 1, owner: 'pod/1' }), sent, plan };
      } finally {
        span.end();
      }
    });
  };

  it('makes each submit_sm of a two-part leg a CLIENT child span with connector, part, data_coding and status, and no number or text', async () => {
    const text = `Привет ${TEXT_CANARY} ${'ж'.repeat(80)} ${NUMBER}`;
    const { ids, sent, plan } = await submitIn('process sb.dispatch.sms', [], text);
    expect(ids).toEqual(['ID1', 'ID2']);
    expect(plan.dataCoding).toBe(8);
    // The PDUs did hold the canaries: a scan of the spans for them can fail.
    expect(JSON.stringify(sent)).toContain('447700900123');
    expect(sent[0]?.['source_addr']).toBe(SOURCE);

    const consumer = tracing.spans().find((s) => s.name === 'process sb.dispatch.sms')!;
    const submits = tracing.spans().filter((s) => s.name === 'smpp submit_sm');
    expect(submits.map((s) => s.kind)).toEqual([SpanKind.CLIENT, SpanKind.CLIENT]);
    expect(submits.map((s) => s.parentSpanContext?.spanId)).toEqual([consumer.spanContext().spanId, consumer.spanContext().spanId]);
    expect(submits.map((s) => s.attributes)).toEqual([1, 2].map((part) => ({
      'rpc.system': 'smpp', 'rpc.method': 'submit_sm', 'smpp.connector': PATH, 'smpp.bind': 'bind-1', 'smpp.part.number': part, 'smpp.part.count': 2, 'smpp.data_coding': 8, 'smpp.command_status': 0,
    })));
    const exported = JSON.stringify(tracing.spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status })));
    for (const canary of ['447700900123', SOURCE, TEXT_CANARY, 'Привет']) expect(exported).not.toContain(canary);
  });

  it('marks a refused submit_sm with its command_status name', async () => {
    await expect(submitIn('process sb.dispatch.sms', [0x0b], `Code ${TEXT_CANARY}`)).rejects.toMatchObject({ code: 'ESME_RINVDSTADR' });
    const [span] = tracing.spans().filter((s) => s.name === 'smpp submit_sm');
    expect(span).toMatchObject({ attributes: expect.objectContaining({ 'smpp.command_status': 0x0b, 'smpp.data_coding': 0, 'error.type': 'ESME_RINVDSTADR' }), status: { code: 2, message: 'ESME_RINVDSTADR' } });
  });
});

describe('LegSubmitter connectors and data residency', () => {
  const connectors = [
    { id: 'eu-a', region: 'EU', url: 'smpp://eu-a.example:2775', priority: 0 },
    { id: 'eu-b', region: 'EU', url: 'smpp://eu-b.example:2775', priority: 1 },
    { id: 'us', region: 'US', url: 'smpp://us.example:2775', priority: 0, weight: 3 },
  ];
  const multi = smppGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', SMPP_CONNECTORS: JSON.stringify(connectors), SMPP_SYSTEM_ID: 's', SMPP_PASSWORD: 'p', SMPP_LOCAL_RETRIES: '0' });
  const EU_A = 'smpp:eu-a.example:2775';
  const EU_B = 'smpp:eu-b.example:2775';

  /** Connectors that answer with `statuses` in turn; legs and the pinned connector kept in memory. */
  function setupMulti(statuses: number[] = [], random = () => 0) {
    const sentVia: string[] = [];
    const smpp = {
      configured: smppConnectors(multi),
      lease: (pathId: string) => ({
        name: 'bind-1',
        submit: async () => {
          sentVia.push(pathId);
          const status = statuses.shift() ?? 0;
          return { command_status: status, message_id: `ID${sentVia.length}` } as unknown as Pdu;
        },
      }),
    } as unknown as SmppClient;
    const parts = new Map<string, Map<number, string>>();
    const pinned = new Map<string, string>();
    const legs = {
      submittedParts: async (messageId: string) => new Map(parts.get(messageId)),
      connectorOf: async (messageId: string) => pinned.get(messageId),
      recordPart: async (meta: { messageId: string }, part: number, id: string, connector: string) => {
        parts.set(meta.messageId, (parts.get(meta.messageId) ?? new Map<number, string>()).set(part, id));
        if (!pinned.has(meta.messageId)) pinned.set(meta.messageId, connector);
      },
    } as unknown as LegStore;
    const intents = { heartbeat: async () => undefined } as unknown as SubmitIntentStore;
    const breakers = new ChannelBreakers(Channel.SMS, smppConnectors(multi).map((c) => c.pathId), { failureRatio: 0.5, windowCalls: 2, windowMs: 60_000, minCalls: 1, coolDownMs: 60_000, maxCoolDownMs: 60_000, halfOpenProbes: 1 }, { now: () => 1_000 }, [], { raise: async () => undefined, lower: async () => undefined });
    const submitter = new LegSubmitter(smpp, legs, intents, new SmppMetrics(new Registry()), multi, breakers, random);
    const open = (pathId: string) => {
      for (let i = 0; i < 3 && breakers.state(pathId) !== 'open'; i += 1) breakers.acquire(pathId)?.failure();
      expect(breakers.state(pathId)).toBe('open');
    };
    return { submitter, sentVia, open, breakers };
  }
  /** Each text is its own message (a retry of the same leg: the same text). */
  const submit = (submitter: LegSubmitter, text: string, connectorRegions: string[]) => {
    const messageId = `m-${text.slice(0, 8)}`;
    const command = create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient: NUMBER, leg: 1, requestedAtMs: 5n, content: { text }, connectorRegions });
    const plan = planSubmit({ text, referenceSeed: `${messageId}/1`, concatenation: multi.SMPP_CONCATENATION, maxParts: multi.SMPP_MAX_PARTS });
    return submitter.submit(command, plan, 'k1:hash', { messageId, leg: 1, owner: 'pod/1' });
  };

  it('submits a leg stamped EU on an EU connector only, failing over within the EU and never to the US', async () => {
    const { submitter, sentVia, open } = setupMulti();
    await submit(submitter, 'one', ['EU']);
    expect(sentVia).toEqual([EU_A]);
    open(EU_A);
    await submit(submitter, 'two', ['EU']);
    expect(sentVia).toEqual([EU_A, EU_B]);
    open(EU_B);
    await expect(submit(submitter, 'three', ['EU'])).rejects.toMatchObject({ code: 'circuit_open' });
    expect(sentVia).toEqual([EU_A, EU_B]);
  });

  it('refuses a leg whose regions no connector serves, sending nothing', async () => {
    const { submitter, sentVia } = setupMulti();
    await expect(submit(submitter, 'hi', ['ASIA'])).rejects.toMatchObject({ code: 'no_connector_in_region', retriable: false });
    expect(sentVia).toEqual([]);
  });

  it('spreads legs with no residency by weight among the connectors of the best priority', async () => {
    const firsts: string[] = [];
    for (const r of [0, 0.2, 0.3, 0.9]) {
      const { submitter, sentVia } = setupMulti([], () => r);
      await submit(submitter, 'hi', []);
      firsts.push(sentVia[0]!);
    }
    // eu-a weight 1, us weight 3: draws below a quarter go to eu-a.
    expect(firsts).toEqual([EU_A, EU_A, 'smpp:us.example:2775', 'smpp:us.example:2775']);
  });

  it('keeps every part of a multipart SMS on the connector of its first part, even after that connector opens', async () => {
    const ESME_RTHROTTLED = 0x58;
    const long = 'x'.repeat(300); // three GSM parts
    const { submitter, sentVia, open } = setupMulti([0, ESME_RTHROTTLED]);
    await expect(submit(submitter, long, ['EU'])).rejects.toMatchObject({ code: 'ESME_RTHROTTLED' });
    expect(sentVia).toEqual([EU_A, EU_A]);
    open(EU_A);
    // The retry may not finish the leg on eu-b: the handset could not join the parts.
    await expect(submit(submitter, long, ['EU'])).rejects.toMatchObject({ code: 'circuit_open' });
    expect(sentVia).toEqual([EU_A, EU_A]);
  });
});
