import { create, SecureLinkEventType, SecureLinkLifecycleSchema, type SecureLinkLifecycle } from '@switchback/contracts';
import { keyDeliveryMode } from './key-mode';
import type { LinkMeta } from './secure-link.repository';

export type RevokeActor = 'creator' | 'holder';

/** A lifecycle event: metadata only, by construction (LinkMeta holds no ciphertext or verifier). */
export function lifecycleEvent(link: LinkMeta, type: SecureLinkEventType, occurredAtMs: number, actor: RevokeActor | '' = ''): SecureLinkLifecycle {
  return create(SecureLinkLifecycleSchema, {
    linkId: link.id,
    tenantId: link.tenantId,
    messageId: link.messageId ?? '',
    type,
    views: link.views,
    maxViews: link.maxViews,
    keyMode: keyDeliveryMode(link.keyMode),
    expiresAtMs: BigInt(link.expiresAt.getTime()),
    occurredAtMs: BigInt(occurredAtMs),
    escrowKeyId: link.escrowKeyId ?? '',
    actor,
  });
}

/** The bus' idempotency key of an event: one per link, type and view. */
export const eventIdOf = (event: SecureLinkLifecycle): string => `link:${event.linkId}:${SecureLinkEventType[event.type]}:${event.views}`;
