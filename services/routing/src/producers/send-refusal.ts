import type { EventContext, EventSink } from '@switchback/bus';
import { ActionTaken, create, RoutingDecisionSchema, type SendRequested } from '@switchback/contracts';

/**
 * Records a refused send request for the audit log: metadata only (the claimed message and
 * tenant ids and the refusal code), never its number or text.
 */
export function publishRefusal(publisher: EventSink, send: SendRequested, context: EventContext, code: string): Promise<void> {
  const refusal = create(RoutingDecisionSchema, { messageId: send.messageId, tenantId: send.tenantId, actionTaken: ActionTaken.REFUSED, refusalCode: code, trafficType: send.trafficType, decidedAtMs: BigInt(Date.now()) });
  return publisher.publish('routingDecision', refusal, { key: context.key ?? send.messageId, messageId: `${send.messageId}:refused` });
}
