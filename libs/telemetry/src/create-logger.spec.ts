import { trace } from '@opentelemetry/api';
import { installInMemoryTracing } from '@switchback/testing';
import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

const CANARY = 'canary-7d1e-secret';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  return { lines, stream };
}

describe('createLogger redaction', () => {
  it('redacts content, keys, tokens and phone numbers at the top level and one level down', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'test', level: 'debug' }, stream);
    logger.info({ text: CANARY, recipient: '+447700900123', token: CANARY, messageId: 'm-1' }, 'top level');
    logger.debug({ send: { content: CANARY, e164: '+447700900123', password: CANARY }, pdu: { short_message: CANARY, destination_addr: '447700900123' } }, 'nested');
    logger.warn({ req: { headers: { authorization: `Bearer ${CANARY}` } } }, 'headers');
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));

    const all = lines.join('');
    expect(lines).toHaveLength(3);
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain('7700900123');
    // Only the sensitive fields go: the rest of the line stays useful.
    expect(JSON.parse(lines[0]!)).toMatchObject({ messageId: 'm-1', text: '[redacted]', service: 'test', msg: 'top level' });
  });

  it('stamps the active trace and span ids on every line', async () => {
    const tracing = installInMemoryTracing();
    try {
      const { lines, stream } = capture();
      const logger = createLogger({ name: 'test' }, stream);
      const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
        logger.info('inside a span');
        span.end();
        return span.spanContext();
      });
      logger.info('outside');
      expect(JSON.parse(lines[0]!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
      expect(JSON.parse(lines[1]!)).not.toHaveProperty('trace_id');
    } finally {
      await tracing.shutdown();
    }
  });
});
