import { SpanKind, trace } from '@opentelemetry/api';
import type { BreakerPermit, ChannelBreakers } from '@switchback/circuit';
import { create, DispatchCommandSchema } from '@switchback/contracts';
import { installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { Registry } from 'prom-client';
import type { Pdu } from 'smpp';
import { smppGatewayConfigSchema } from '../config/smpp-gateway.config';
import { planSubmit } from '../encoding/submit-plan';
import type { LegStore } from '../receipts/leg-store';
import type { SmppClient } from '../smpp/smpp-client';
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
