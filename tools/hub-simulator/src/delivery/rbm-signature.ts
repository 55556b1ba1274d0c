import { createHmac } from 'node:crypto';

/** RBM's webhook signature: X-Goog-Signature = base64(HMAC-SHA512(clientToken, decoded message.data)). */
export function signRbmData(clientToken: string, data: Buffer): string {
  return createHmac('sha512', clientToken).update(data).digest('base64');
}
