import { Injectable } from '@nestjs/common';
import { CapabilitySchema, MessageContentSchema, toBinary, type Capability, type RoutingDecision, type SendRequested } from '@switchback/contracts';
import { captureTraceContext } from '@switchback/telemetry';
import { HoldCipher } from './hold-cipher';
import { HeldMessageRepository } from './held-message.repository';

/** A send routing may hold: it has an id, a tenant, a recipient and content. */
export type HoldableSend = SendRequested & { content: NonNullable<SendRequested['content']> };

/**
 * Holds a blocked send for an override: recipient and content sealed (HoldCipher), everything
 * else as the metadata needed to route it again. Called before the BLOCKED decision is
 * published, so an accepted block is never lost; a redelivered send changes nothing.
 */
@Injectable()
export class HoldStore {
  constructor(
    private readonly repository: HeldMessageRepository,
    private readonly cipher: HoldCipher,
  ) {}

  async hold(send: HoldableSend, capability: Capability | undefined, decision: RoutingDecision): Promise<void> {
    const at = { tenantId: send.tenantId, messageId: send.messageId };
    // The send's trace (ids only): the override or the expiry of the hold continues it.
    const trace = captureTraceContext();
    await this.repository.insert({
      ...at,
      keyId: this.cipher.keyId,
      recipientCiphertext: this.cipher.seal(Buffer.from(send.recipient, 'utf8'), { ...at, field: 'recipient' }),
      contentCiphertext: this.cipher.seal(toBinary(MessageContentSchema, send.content), { ...at, field: 'content' }),
      recipientHash: decision.recipientHash,
      contentFingerprint: decision.contentFingerprint,
      trafficType: send.trafficType,
      labels: [...send.labels],
      requestedAtMs: send.requestedAtMs.toString(),
      capability: capability ? Buffer.from(toBinary(CapabilitySchema, capability)) : null,
      sensitivity: decision.sensitivity,
      detectorIds: [...decision.detectorIds],
      fallbackReason: decision.fallbackReason,
      policyVersion: decision.policyVersion,
      heldAt: new Date(Number(decision.decidedAtMs)),
      holdExpiresAt: new Date(Number(decision.holdExpiresAtMs)),
      traceparent: trace?.traceparent ?? null,
      tracestate: trace?.tracestate ?? null,
    });
  }
}
