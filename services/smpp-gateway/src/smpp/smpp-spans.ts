import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { errorCode } from '@switchback/errors';
import type { Pdu } from 'smpp';
import { statusName } from './command-status';

const tracer = trace.getTracer('@switchback/smpp-gateway');

/** What a submit_sm span records: where it went and which part it was. Never an address or text. */
export interface SubmitSmAttributes {
  /** The connector's path id (smpp:host:port), as in breaker events and metrics. */
  readonly connector: string;
  readonly bind: string;
  readonly part: number;
  readonly parts: number;
  readonly dataCoding: number;
}

/** Where a deliver_sm came in. */
export interface DeliverSmSource {
  readonly connector: string;
  readonly bind: string;
}

/** The error by its code (smsc_unavailable, ESME_RINVDSTADR) or name only: messages may quote content. */
function fail(span: Span, type: string): void {
  span.setAttribute('error.type', type).setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * A CLIENT span around one submit_sm and its submit_sm_resp, in the style of the fetch spans:
 * only the connector, bind, part number and count, data_coding and the command_status are
 * recorded; the PDU's addresses and short_message never are. Only submits made inside a trace
 * get a span.
 */
export async function tracedSubmitSm(attributes: SubmitSmAttributes, submit: () => Promise<Pdu>): Promise<Pdu> {
  const parent = context.active();
  if (!trace.getSpan(parent)) return submit();
  const span = tracer.startSpan(
    'smpp submit_sm',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'smpp',
        'rpc.method': 'submit_sm',
        'smpp.connector': attributes.connector,
        'smpp.bind': attributes.bind,
        'smpp.part.number': attributes.part,
        'smpp.part.count': attributes.parts,
        'smpp.data_coding': attributes.dataCoding,
      },
    },
    parent,
  );
  try {
    const response = await submit();
    span.setAttribute('smpp.command_status', response.command_status);
    if (response.command_status !== 0) fail(span, statusName(response.command_status));
    return response;
  } catch (error) {
    fail(span, errorCode(error));
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A SERVER span around the handling of one deliver_sm (or data_sm): the SMSC's request, a trace
 * of its own (it brings no trace context). A receipt's outcome is published in the trace of the
 * leg's send, which links back to this span. fn returns the command_status of our _resp.
 */
export function tracedDeliverSm(source: DeliverSmSource, fn: (span: Span) => Promise<number>, command: 'deliver_sm' | 'data_sm' = 'deliver_sm'): Promise<number> {
  return tracer.startActiveSpan(
    `smpp ${command}`,
    { kind: SpanKind.SERVER, root: true, attributes: { 'rpc.system': 'smpp', 'rpc.method': command, 'smpp.connector': source.connector, 'smpp.bind': source.bind } },
    async (span) => {
      try {
        const status = await fn(span);
        span.setAttribute('smpp.command_status', status);
        if (status !== 0) fail(span, statusName(status));
        return status;
      } catch (error) {
        fail(span, errorCode(error));
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
