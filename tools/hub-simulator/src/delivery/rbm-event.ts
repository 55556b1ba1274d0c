import { randomUUID } from 'node:crypto';
import type { StoredAgentMessage } from './agent-message.store';

export type RbmEventType = 'DELIVERED' | 'READ' | 'TTL_EXPIRATION_REVOKED' | 'TTL_EXPIRATION_REVOKE_FAILED';

/** The JSON inside a webhook's message.data, in the field names RBM uses for each event kind. */
export type RbmEvent = Readonly<Record<string, string>> & { readonly eventType: RbmEventType; readonly messageId: string };

/** A user event: the phone itself reports delivery or reading. */
export function userEvent(eventType: 'DELIVERED' | 'READ', message: StoredAgentMessage, agentId: string): RbmEvent {
  return { eventType, eventId: randomUUID(), messageId: message.messageId, senderPhoneNumber: message.phone, sendTime: new Date().toISOString(), agentId };
}

/**
 * A server event: RBM revoked an undelivered message when its ttl / expireTime passed, or
 * tried to and failed (the message was already on its way to the device).
 */
export function ttlRevokedEvent(message: StoredAgentMessage, agentId: string, eventType: 'TTL_EXPIRATION_REVOKED' | 'TTL_EXPIRATION_REVOKE_FAILED' = 'TTL_EXPIRATION_REVOKED'): RbmEvent {
  // Server events name the recipient phoneNumber, user events senderPhoneNumber (as RBM does).
  return { eventType, eventId: randomUUID(), messageId: message.messageId, phoneNumber: message.phone, sendTime: new Date().toISOString(), agentId };
}
