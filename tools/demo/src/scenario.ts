import { create, SendRequestedSchema, TrafficType, type SendRequested } from '@switchback/contracts';

/** The demo's scripted sends: two RCS-reachable recipients and two SMS-only ones (+4477009…). */
export function demoScenario(runId: string): SendRequested[] {
  const send = (n: number, recipient: string, text: string, trafficType: TrafficType) =>
    create(SendRequestedSchema, { messageId: `${runId}-${n}`, tenantId: 'acme', recipient, content: { text }, trafficType, requestedAtMs: BigInt(Date.now()) });
  return [
    send(1, '+447700900101', 'Your parcel arrives today between 10:00 and 12:00.', TrafficType.TRANSACTIONAL),
    send(2, '+447700900102', 'Spring sale: 20% off everything this weekend.', TrafficType.PROMOTIONAL),
    send(3, '+447700900901', 'Your table for two is booked for 19:30.', TrafficType.TRANSACTIONAL),
    send(4, '+447700900902', 'Grüße aus München: your order has shipped ✓', TrafficType.TRANSACTIONAL),
  ];
}

/**
 * Sensitive sends with no E2EE path: the default policy fails closed, so each becomes a
 * secure-link request and no carrier ever sees the text. The secrets are fake.
 */
export const DEMO_SECRET = 'Zq8-demo-secret-77a1';

export function sensitiveScenario(runId: string): SendRequested[] {
  const send = (n: number, recipient: string, text: string) =>
    create(SendRequestedSchema, { messageId: `${runId}-${n}`, tenantId: 'acme', recipient, content: { text }, trafficType: TrafficType.TRANSACTIONAL, requestedAtMs: BigInt(Date.now()) });
  return [
    send(5, '+447700900903', `Prod DB: postgres://app:${DEMO_SECRET}@db.internal:5432/orders`),
    send(6, '+447700900103', 'Card for the booking: 4111 1111 1111 1111, exp 12/29'),
  ];
}

