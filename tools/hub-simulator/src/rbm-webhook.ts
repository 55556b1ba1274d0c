import { createHmac, randomUUID } from 'node:crypto';

/**
 * Posts one RBM event the way a real RBM deployment does: a Pub/Sub push body whose
 * message.data is the base64 event JSON, signed with X-Goog-Signature = base64
 * HMAC-SHA512(clientToken, decoded data). Retries a few times with backoff on failure.
 */
export async function postRbmEvent(url: string, clientToken: string, event: Record<string, string>, attempts = 5): Promise<boolean> {
  const data = Buffer.from(JSON.stringify({ eventId: randomUUID(), sendTime: new Date().toISOString(), ...event }));
  const body = JSON.stringify({
    message: { data: data.toString('base64'), messageId: randomUUID(), publishTime: new Date().toISOString() },
    subscription: 'projects/hub-sim/subscriptions/rbm',
  });
  const signature = createHmac('sha512', clientToken).update(data).digest('base64');
  for (let attempt = 0, delay = 100; attempt < attempts; attempt += 1, delay *= 2) {
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-goog-signature': signature } });
      if (response.ok) return true;
    } catch {
      // The receiver is down or restarting: RBM keeps retrying, so do we (briefly).
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return false;
}
