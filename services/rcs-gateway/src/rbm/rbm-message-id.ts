import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 9562's DNS namespace; our names are "<agentId>/<messageId>/<leg>" inside it.
const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** RFC 9562 name-based UUID (version 5, SHA-1): the same name always gives the same UUID. */
export function uuidV5(name: string, namespace: string = NAMESPACE_DNS): string {
  if (!UUID.test(namespace)) throw new Error('namespace must be a UUID');
  const digest = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  digest.writeUInt8((digest.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  digest.writeUInt8((digest.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 9562 variant
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The RBM messageId of one leg. RBM requires a UUID and ignores a messageId it has seen, so a
 * deterministic one (our message id + leg) makes every retry of the leg idempotent at RBM.
 */
export function rbmMessageId(agentId: string, messageId: string, leg: number): string {
  return uuidV5(`${agentId}/${messageId}/${leg}`);
}
